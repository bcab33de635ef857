// history.csv: one row per epoch. Columns, in order: epoch, lr, loss, the logged train metrics, val_loss,
// val_<metric>..., seconds, then grad_norm_<layer> per layer with parameters (the L2 norm of that
// layer's gradient averaged over the epoch's batches). Empty cell = no value (e.g. no validation split).
import { writeFileAtomic } from "./atomic.js";

/** One epoch of history. Keys are the CSV columns (insertion order is the column order). */
export type HistoryRow = { epoch: number; lr: number; loss: number } & Record<string, number | null>;

/** Columns of a history: the first row's keys, then any key a later row adds. */
export function historyColumns(rows: readonly HistoryRow[]): string[] {
  const cols: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) if (!seen.has(k)) (seen.add(k), cols.push(k));
  return cols;
}

/** A number as CSV text: the shortest exact JS form; null/undefined/non-finite as an empty cell... except NaN/Inf, written as such. */
function cell(v: number | null | undefined): string {
  if (v === null || v === undefined) return "";
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  return String(v);
}

export function historyToCsv(rows: readonly HistoryRow[], columns = historyColumns(rows)): string {
  const lines = [columns.join(",")];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c])).join(","));
  return lines.join("\n") + "\n";
}

export function writeHistoryCsv(file: string, rows: readonly HistoryRow[]): void {
  writeFileAtomic(file, historyToCsv(rows));
}

/** Parse a history.csv written by historyToCsv (tests, tools). */
export function parseHistoryCsv(text: string): HistoryRow[] {
  const [head, ...lines] = text.trimEnd().split("\n");
  const cols = head.split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    const row: Record<string, number | null> = {};
    cols.forEach((c, i) => {
      const s = cells[i] ?? "";
      row[c] = s === "" ? null : s === "nan" ? NaN : s === "inf" ? Infinity : s === "-inf" ? -Infinity : Number(s);
    });
    return row as HistoryRow;
  });
}
