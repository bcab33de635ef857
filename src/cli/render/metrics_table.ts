// The text `mltrain eval` (and the end of `fit`) prints for a metrics object: a pure function from the
// object to a string, no colour, no I/O.
//   classification  scikit-learn's classification_report (per class precision, recall, f1-score,
//                   support; accuracy; macro avg; weighted avg), the headline numbers (loss, balanced
//                   accuracy, ROC AUC) and the confusion matrix with its labels (rows = true class)
//   multilabel      the same report per label with micro / macro / weighted / samples averages, then
//                   subset accuracy, hamming loss, log loss and ROC AUC
//   regression      mse, rmse, mae, r2 (a row per output plus the uniform average when there are several)
// Undefined values print as "n/a" (null) and a last line counts the values set by convention.
import type { ClassificationMetrics, MetricsObject, MultilabelMetrics, RegressionMetrics } from "../../metrics/index.js";

export interface MetricsTableOptions {
  /** Decimals of the scores. Default 4. */
  digits?: number;
}

const num = (v: number | null, d: number) => (v === null ? "n/a" : v.toFixed(d));
const pad = (s: string, w: number) => s.padStart(w);

/** Rows of [name, precision, recall, f1, support] as classification_report lays them out. */
function report(
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>,
  averages: [string, { precision: number; recall: number; f1: number }][],
  total: number,
  accuracy: number | null,
  d: number,
): string[] {
  const names = [...Object.keys(perClass), ...averages.map(([n]) => n)];
  const w = Math.max(...names.map((n) => n.length), "weighted avg".length);
  const cell = (v: string) => " " + pad(v, 9);
  const row = (name: string, p: string, r: string, f: string, s: string) =>
    pad(name, w) + " " + cell(p) + cell(r) + cell(f) + cell(s);
  const lines = [row("", "precision", "recall", "f1-score", "support"), ""];
  for (const [name, x] of Object.entries(perClass))
    lines.push(row(name, num(x.precision, d), num(x.recall, d), num(x.f1, d), String(x.support)));
  lines.push("");
  if (accuracy !== null) lines.push(row("accuracy", "", "", num(accuracy, d), String(total)));
  for (const [name, x] of averages) lines.push(row(name, num(x.precision, d), num(x.recall, d), num(x.f1, d), String(total)));
  return lines.map((l) => l.trimEnd());
}

/** name  value lines, names padded to one column. */
function headline(items: [string, string][]): string[] {
  const w = Math.max(...items.map(([n]) => n.length));
  return items.map(([n, v]) => `${n.padEnd(w)}  ${v}`);
}

function confusion(m: ClassificationMetrics["confusion_matrix"]): string[] {
  const labels = m.labels;
  const w0 = Math.max(...labels.map((l) => l.length), "true \\ pred".length);
  const widths = labels.map((l, j) => Math.max(l.length, ...m.counts.map((r) => String(r[j]).length)));
  const line = (name: string, cells: string[]) =>
    (pad(name, w0) + cells.map((c, j) => "  " + pad(c, widths[j])).join("")).trimEnd();
  return [
    "Confusion matrix (rows: true class, columns: predicted)",
    line("true \\ pred", labels),
    ...m.counts.map((r, i) => line(labels[i], r.map(String))),
  ];
}

function undefinedLine(m: MetricsObject): string[] {
  const n = m.undefined.length;
  if (n === 0) return [];
  return ["", `${n} undefined value${n === 1 ? "" : "s"} set to 0 or n/a (see "undefined" in the JSON report)`];
}

function classificationTable(m: ClassificationMetrics, d: number): string[] {
  const avg = (k: "macro" | "weighted") => ({ precision: m.precision[k], recall: m.recall[k], f1: m.f1[k] });
  const auc = m.roc_auc;
  const aucText =
    auc === null || typeof auc === "number"
      ? num(auc, d)
      : `${num(auc.macro, d)} (one-vs-rest macro), ${num(auc.weighted, d)} (weighted)`;
  return [
    ...report(m.per_class, [["macro avg", avg("macro")], ["weighted avg", avg("weighted")]], m.support, m.accuracy, d),
    "",
    ...headline([
      ["loss (log_loss)", num(m.loss, d)],
      ["accuracy", num(m.accuracy, d)],
      ["balanced_accuracy", num(m.balanced_accuracy, d)],
      ["roc_auc", aucText],
    ]),
    "",
    ...confusion(m.confusion_matrix),
    ...undefinedLine(m),
  ];
}

function multilabelTable(m: MultilabelMetrics, d: number): string[] {
  const avg = (k: "micro" | "macro" | "weighted" | "samples") => ({
    precision: m.precision[k],
    recall: m.recall[k],
    f1: m.f1[k],
  });
  const support = Object.values(m.per_class).reduce((s, x) => s + x.support, 0);
  const averages: [string, ReturnType<typeof avg>][] = [
    ["micro avg", avg("micro")],
    ["macro avg", avg("macro")],
    ["weighted avg", avg("weighted")],
    ["samples avg", avg("samples")],
  ];
  return [
    ...report(m.per_class, averages, support, null, d),
    "",
    ...headline([
      ["loss (log_loss)", num(m.loss, d)],
      ["subset_accuracy", num(m.subset_accuracy, d)],
      ["hamming_loss", num(m.hamming_loss, d)],
      ["roc_auc", `${num(m.roc_auc.micro, d)} (micro), ${num(m.roc_auc.macro, d)} (macro)`],
      ["rows", String(m.support)],
    ]),
    ...undefinedLine(m),
  ];
}

function regressionTable(m: RegressionMetrics, d: number): string[] {
  const rows: [string, RegressionMetrics | NonNullable<RegressionMetrics["per_output"]>[string]][] = m.per_output
    ? [...Object.entries(m.per_output), ["uniform avg", m]]
    : [["", m]];
  const cols = ["mse", "rmse", "mae", "r2"] as const;
  const cells = rows.map(([, x]) => cols.map((c) => num(x[c], d)));
  const w0 = Math.max(...rows.map(([n]) => n.length));
  const widths = cols.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j].length)));
  const line = (name: string, values: readonly string[]) =>
    (pad(name, w0) + values.map((v, j) => "  " + pad(v, widths[j])).join("")).trimEnd();
  const table = [line("", cols), ...rows.map(([n], i) => line(n, cells[i]))];
  if (m.per_output) table.splice(table.length - 1, 0, "");
  return [...table, "", `rows  ${m.support}`, ...undefinedLine(m)];
}

/** The printable table of a metrics object (classification, multilabel or regression). */
export function renderMetricsTable(m: MetricsObject, opts: MetricsTableOptions = {}): string {
  const d = opts.digits ?? 4;
  const lines =
    "subset_accuracy" in m
      ? multilabelTable(m, d)
      : "confusion_matrix" in m
        ? classificationTable(m, d)
        : regressionTable(m, d);
  return lines.join("\n") + "\n";
}
