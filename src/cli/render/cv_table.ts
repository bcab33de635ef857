// The text of `mltrain cv`, as pure functions (no I/O, no colour): the opening line, one line per
// finished fold, and the table of every fold's scores on its validation rows with their mean and std.
//
//   fold  epochs  loss (log_loss)  accuracy
//      1     100           0.0812    0.9615
//   ...
//   mean                   0.0923    0.9538
//    std                   0.0221    0.0288
import type { CvFile, CvRun } from "../../io/index.js";
import { formatValue } from "./epoch_log.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `Cross-validation of "iris": 5 folds, stratified, shuffled (seed 42), ...` */
export function cvHeader(ev: { name: string; folds: number; repeats: number; stratified: boolean; shuffle: boolean; seed: number; rows: { cv: number; test: number } }): string {
  const how = [ev.stratified ? "stratified" : "not stratified", ev.shuffle ? `shuffled (seed ${ev.seed})` : "in file order"].join(", ");
  const times = ev.repeats > 1 ? ` × ${ev.repeats} repeats` : "";
  const test = ev.rows.test > 0 ? `; the ${plural(ev.rows.test, "test row")} are set aside` : "";
  return `Cross-validation of "${ev.name}": ${ev.folds} folds${times}, ${how}, over the ${ev.rows.cv} train + validation rows${test}`;
}

/** `Fold 2/5` or, with repeats, `Repeat 1/3, fold 2/5`. */
export function foldName(repeat: number, fold: number, folds: number, repeats: number): string {
  return repeats > 1 ? `Repeat ${repeat}/${repeats}, fold ${fold}/${folds}` : `Fold ${fold}/${folds}`;
}

/** ` - loss (log_loss): 0.0812 - accuracy: 0.9615` */
export function scoreValues(values: Record<string, number | null> | null, keys: readonly string[], lossName: string): string {
  return keys.map((k) => ` - ${k === "loss" ? `loss (${lossName})` : k}: ${formatValue(values?.[k] ?? null)}`).join("");
}

/** The line of a finished fold. */
export function foldLine(run: CvRun, folds: number, repeats: number, keys: readonly string[], lossName: string): string {
  const head = `${foldName(run.repeat, run.fold, folds, repeats)}: ${run.rows.train} train / ${run.rows.validation} validation rows, ${plural(run.epochs_run, "epoch")}`;
  if (run.status !== "completed") return `${head} - ${run.status}`;
  return `${head}${scoreValues(run.validation, keys, lossName)}`;
}

/** The table: one row per fold (and repeat), then mean and std rows; right-aligned columns. */
export function cvTable(cv: Pick<CvFile, "runs" | "metrics" | "loss_name" | "repeats" | "mean" | "std">): string[] {
  const head = [...(cv.repeats > 1 ? ["repeat"] : []), "fold", "epochs", ...cv.metrics.map((k) => (k === "loss" ? `loss (${cv.loss_name})` : k))];
  const lead = cv.repeats > 1 ? 3 : 2;
  const rows = cv.runs.map((r) => [
    ...(cv.repeats > 1 ? [String(r.repeat)] : []), String(r.fold), String(r.epochs_run),
    ...cv.metrics.map((k) => (r.status === "completed" ? formatValue(r.validation?.[k] ?? null) : r.status)),
  ]);
  const summary = (label: string, values: Record<string, number | null>) => [label, ...Array(lead - 1).fill(""), ...cv.metrics.map((k) => formatValue(values[k]))];
  const all = [head, ...rows, summary("mean", cv.mean), summary("std", cv.std)];
  const widths = head.map((_, j) => Math.max(...all.map((r) => r[j].length)));
  return all.map((r) => r.map((c, j) => (j === 0 && (c === "mean" || c === "std") ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join("  ").trimEnd());
}

/** `loss (log_loss): 0.0923 ± 0.0221 - accuracy: 0.9538 ± 0.0288 (mean ± std over 5 folds; std: population, ddof=0)` */
export function meanStdLine(cv: Pick<CvFile, "runs" | "metrics" | "loss_name" | "mean" | "std">): string {
  const parts = cv.metrics.map((k) => `${k === "loss" ? `loss (${cv.loss_name})` : k}: ${formatValue(cv.mean[k])} ± ${formatValue(cv.std[k])}`);
  return `${parts.join(" - ")} (mean ± std over ${plural(cv.runs.length, "fold")}; std is the population std, ddof=0, as numpy's scores.std())`;
}
