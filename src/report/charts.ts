// The report's charts as data, from one or several runs (pure functions, unit-tested on a fixture run):
//   curves      loss and each logged metric per epoch, train vs validation, best/stop markers
//   lrChart     learning rate per epoch;  gradChart  mean gradient norm per layer and epoch
//   rocChart    ROC curve per class, AUC in the legend;  confusion  counts and row-normalised heat maps
//   scatter / residuals  regression: predicted vs true, residual vs predicted
// One run: train blue, validation orange. Several runs: one colour per run, validation dashed.
import type { HistoryRow } from "../io/index.js";
import type { Heatmap } from "./heatmap.js";
import type { LineChart, Marker, Series } from "./line_chart.js";
import type { Predictions } from "./predictions.js";
import type { RunData } from "./run_data.js";
import { colour, num } from "./svg.js";

const NOT_CURVES = new Set(["epoch", "lr", "seconds"]);

/** Metric keys with a per-epoch curve (loss first), without the val_ prefix. */
export function curveKeys(history: readonly HistoryRow[]): string[] {
  const keys: string[] = [];
  for (const row of history)
    for (const k of Object.keys(row)) {
      if (NOT_CURVES.has(k) || k.startsWith("grad_norm_")) continue;
      const base = k.startsWith("val_") ? k.slice(4) : k;
      if (!keys.includes(base)) keys.push(base);
    }
  return keys.sort((a, b) => (a === "loss" ? -1 : b === "loss" ? 1 : 0));
}

const points = (h: readonly HistoryRow[], key: string): [number, number | null][] =>
  h.map((r) => [r.epoch, r[key] === undefined ? null : (r[key] as number | null)]);

const hasValues = (p: [number, number | null][]) => p.some(([, v]) => v !== null && Number.isFinite(v));

/** Best-epoch and early-stopping markers of a run (in its colour when several runs share a chart). */
export function markers(run: RunData, c: string | null): Marker[] {
  const t = run.report.training;
  const prefix = c ? `${run.label}: ` : "";
  const out: Marker[] = [];
  if (t.best_epoch > 0) out.push({ x: t.best_epoch, label: `${prefix}best ${t.best_epoch}`, colour: c ?? "#2f855a" });
  if (t.stopped_early) out.push({ x: t.epochs_run, label: `${prefix}stopped ${t.epochs_run}`, colour: c ?? "#c53030" });
  return out;
}

/** One chart per curve key: loss, then the metrics. */
export function curves(runs: readonly RunData[]): LineChart[] {
  const keys: string[] = [];
  for (const r of runs) for (const k of curveKeys(r.report.history)) if (!keys.includes(k)) keys.push(k);
  const multi = runs.length > 1;
  return keys.map((key) => {
    const series: Series[] = [];
    const marked: Marker[] = [];
    runs.forEach((run, i) => {
      const h = run.report.history;
      const name = multi ? `${run.label} ` : "";
      const train = points(h, key);
      const val = points(h, `val_${key}`);
      if (hasValues(train)) series.push({ name: `${name}train`, colour: multi ? colour(i) : colour(0), points: train });
      if (hasValues(val)) series.push({ name: `${name}validation`, colour: multi ? colour(i) : colour(1), dashed: multi, points: val });
      // A run's markers only where it has a curve (a compare of a classifier and a regression).
      if (hasValues(train) || hasValues(val)) marked.push(...markers(run, multi ? colour(i) : null));
    });
    const ys = series.flatMap((s) => s.points.flatMap(([, v]) => (v === null ? [] : [v])));
    const fraction = key !== "loss" && ys.every((v) => v >= 0 && v <= 1) && Math.max(...ys) > 0.5;
    return {
      id: `curve-${key}`,
      yKind: fraction ? ("fraction" as const) : ("auto" as const),
      title: key === "loss" ? "Loss per epoch" : `${key} per epoch`,
      xLabel: "epoch",
      yLabel: key,
      xKind: "epoch" as const,
      series,
      markers: marked,
    };
  });
}

export function lrChart(runs: readonly RunData[]): LineChart {
  const multi = runs.length > 1;
  return {
    id: "lr",
    title: "Learning rate per epoch",
    xLabel: "epoch",
    yLabel: "learning rate",
    xKind: "epoch",
    yKind: "linear",
    series: runs.map((r, i) => ({ name: multi ? r.label : "lr", colour: colour(multi ? i : 2), points: points(r.report.history, "lr") })),
    note: runs.map((r) => scheduleText(r)).join(" · "),
  };
}

function scheduleText(r: RunData): string {
  const s = r.report.config.schedule as { type: string } & Record<string, unknown>;
  const opts = Object.entries(s).filter(([k]) => k !== "type").map(([k, v]) => `${k} ${typeof v === "number" ? num(v) : v}`).join(", ");
  return `${r.label}: ${s.type}${opts ? ` (${opts})` : ""}, lr0 ${num(r.report.config.optimizer.learning_rate)}`;
}

/** Gradient norm per layer (history's grad_norm_<layer> columns); null when the history has none. */
export function gradChart(run: RunData): LineChart | null {
  const h = run.report.history;
  const keys = Object.keys(h[0] ?? {}).filter((k) => k.startsWith("grad_norm_"));
  if (keys.length === 0) return null;
  return {
    id: `grad-${run.label}`,
    title: `Gradient norm per layer${run.label ? ` — ${run.label}` : ""}`,
    xLabel: "epoch",
    yLabel: "mean ‖g‖ per batch",
    xKind: "epoch",
    series: keys.map((k, i) => ({ name: k.slice(10), colour: colour(i + 4), points: points(h, k) })),
  };
}

/** The split the evaluation plots show: test, else validation, else train. */
export function shownSplit(run: RunData): { split: "test" | "validation" | "train"; metrics: Record<string, unknown> } | null {
  const e = run.report.evaluation as Record<string, Record<string, unknown> | null>;
  for (const split of ["test", "validation", "train"] as const) if (e[split]) return { split, metrics: e[split]! };
  return null;
}

type RocCurves = Record<string, { fpr: number[]; tpr: number[] }>;
type PerClass = Record<string, { precision: number; recall: number; f1: number; support: number; roc_auc: number | null }>;

/** A polyline without repeated points and without points in the middle of a straight run. */
function outline(xs: readonly number[], ys: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  const eq = (a: number, b: number) => Math.abs(a - b) <= 1e-9;
  xs.forEach((x, i) => {
    const p: [number, number] = [x, ys[i]];
    const last = out[out.length - 1];
    if (last && eq(last[0], p[0]) && eq(last[1], p[1])) return;
    const prev = out[out.length - 2];
    if (prev && eq((last[0] - prev[0]) * (p[1] - last[1]), (last[1] - prev[1]) * (p[0] - last[0]))) out.pop();
    out.push(p);
  });
  return out;
}

const sameOutline = (a: [number, number][], b: [number, number][]) =>
  a.length === b.length && a.every(([x, y], i) => Math.abs(x - b[i][0]) <= 1e-9 && Math.abs(y - b[i][1]) <= 1e-9);

/**
 * ROC curve per class, AUC in the legend. Curves often coincide (classes the model separates equally
 * well) or share segments (the top and left edges), so each class is drawn narrower than the one before
 * (the first widest, underneath): all stay visible where they overlap. A curve the same as an earlier
 * one is also dashed, so the one under it shows through, and the note names the classes.
 */
export function rocChart(run: RunData): LineChart | null {
  const shown = shownSplit(run);
  const roc = shown?.metrics.roc_curve as RocCurves | undefined;
  if (!shown || !roc) return null;
  const per = (shown.metrics.per_class ?? {}) as PerClass;
  const entries = Object.entries(roc);
  const n = entries.length;
  const step = n > 1 ? Math.min(2, 8 / (n - 1)) : 0;
  const outlines = entries.map(([, c]) => outline(c.fpr, c.tpr));
  const groups: string[][] = [];
  entries.forEach(([label], i) => {
    const j = outlines.findIndex((o, k) => k < i && sameOutline(o, outlines[i]));
    if (j < 0) return;
    const g = groups.find((x) => x.includes(entries[j][0]));
    if (g) g.push(label);
    else groups.push([entries[j][0], label]);
  });
  const list = (g: string[]) => (g.length === 2 ? g.join(" and ") : `${g.slice(0, -1).join(", ")} and ${g[g.length - 1]}`);
  return {
    id: `roc-${run.label}`,
    title: `ROC curves (${shown.split} split)`,
    xLabel: "false positive rate",
    yLabel: "true positive rate",
    xKind: "unit",
    yKind: "unit",
    reference: [0, 0, 1, 1],
    series: entries.map(([label, c], i) => ({
      name: `${label} (AUC ${num(per[label]?.roc_auc, { decimals: 3 })})`,
      colour: colour(i),
      width: Number((1.5 + (n - 1 - i) * step).toFixed(2)),
      dashed: groups.some((g) => g.indexOf(label) > 0),
      points: c.fpr.map((f, j) => [f, c.tpr[j]] as [number, number]),
    })),
    note: [
      n > 1 ? "Each class is drawn narrower than the one before, so overlapping curves stay visible." : "",
      ...groups.map((g) => `Same curve: ${list(g)} (${g.length > 2 ? "all but the first" : g[1]} dashed).`),
    ].filter(Boolean).join(" "),
  };
}

/** Confusion heat maps: counts and row-normalised (multiclass/binary), or one 2×2 per label (multilabel). */
export function confusion(run: RunData): Heatmap[] {
  const shown = shownSplit(run);
  const cm = shown?.metrics.confusion_matrix as
    | { labels: string[]; counts: number[][]; normalized: number[][] }
    | Record<string, number[][]>
    | undefined;
  if (!shown || !cm) return [];
  const id = run.label;
  if (Array.isArray((cm as { labels?: unknown }).labels)) {
    const { labels, counts, normalized } = cm as { labels: string[]; counts: number[][]; normalized: number[][] };
    return [
      { id: `cm-counts-${id}`, title: `Confusion matrix, counts (${shown.split})`, labels, values: counts, shade: normalized, format: (v) => String(v) },
      { id: `cm-norm-${id}`, title: "Confusion matrix, row-normalised (recall on the diagonal)", labels, values: normalized, shade: normalized, format: (v) => num(v, { decimals: 2 }) },
    ];
  }
  return Object.entries(cm as Record<string, number[][]>).map(([label, counts]) => {
    const norm = counts.map((row) => {
      const s = row.reduce((a, b) => a + b, 0);
      return row.map((v) => (s > 0 ? v / s : 0));
    });
    return { id: `cm-${id}-${label}`, title: `${label} (${shown.split}): counts`, labels: [`not ${label}`, label], values: counts, shade: norm, format: (v) => String(v) };
  });
}

export function perClassRows(run: RunData): { label: string; precision: number; recall: number; f1: number; support: number; roc_auc: number | null }[] {
  const per = shownSplit(run)?.metrics.per_class as PerClass | undefined;
  return per ? Object.entries(per).map(([label, v]) => ({ label, ...v })) : [];
}

/** Regression: predicted vs true per target, with the y = x line. */
export function scatter(p: Predictions, runName: string): LineChart[] {
  return p.targets.map((t, j) => {
    const all = [...p.truth[j], ...p.predicted[j]];
    const lo = Math.min(...all);
    const hi = Math.max(...all);
    return {
      id: `scatter-${runName}-${t}`,
      title: `Predicted vs true ${t} (${p.split} split, ${p.rows.length} row${p.rows.length === 1 ? "" : "s"})`,
      xLabel: `true ${t}`,
      yLabel: `predicted ${t}`,
      xKind: "auto" as const,
      yKind: "linear" as const,
      reference: [lo, lo, hi, hi] as [number, number, number, number],
      series: [{ name: "rows", colour: colour(0), pointsOnly: true, points: p.truth[j].map((v, i) => [v, p.predicted[j][i]] as [number, number]) }],
      note: "On the dashed line y = x the prediction is exact.",
    };
  });
}

/** Regression: residual (true − predicted) against the prediction, with the zero line. */
export function residuals(p: Predictions, runName: string): LineChart[] {
  return p.targets.map((t, j) => {
    const xs = p.predicted[j];
    const r = xs.map((v, i) => p.truth[j][i] - v);
    const mean = r.reduce((a, b) => a + b, 0) / Math.max(1, r.length);
    return {
      id: `residuals-${runName}-${t}`,
      title: `Residuals of ${t} (${p.split} split)`,
      xLabel: `predicted ${t}`,
      yLabel: "true − predicted",
      xKind: "auto" as const,
      yKind: "linear" as const,
      reference: [Math.min(...xs), 0, Math.max(...xs), 0] as [number, number, number, number],
      series: [{ name: "rows", colour: colour(3), pointsOnly: true, points: xs.map((v, i) => [v, r[i]] as [number, number]) }],
      note: `Mean residual ${num(mean)}; a pattern (a slope, a funnel) means the model misses structure.`,
    };
  });
}
