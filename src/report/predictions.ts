// predictions.csv in the run folder: a regression run's true and predicted values on one split (test,
// else validation; metrics.json's `predictions.split` says which), for the report's scatter and
// residual plots. fit writes it as `mltrain predict ... --keep TARGET` would (src/report/predictions_csv.ts):
//   TARGET..., row, prediction (one target) or prediction_TARGET per target; row = 1-based data row.
// Run folders written before that hold `# split: NAME`, then row, true_TARGET, pred_TARGET per target:
// they are read too.

export const PREDICTIONS_FILE = "predictions.csv";

export interface Predictions {
  split: string;
  targets: string[];
  rows: number[];
  /** Per target: true and predicted values. */
  truth: number[][];
  predicted: number[][];
}

/** The fields of one CSV line (RFC 4180 quotes). */
export function fields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = "";
    if (line[i] === '"') {
      for (i++; i < line.length; i++) {
        if (line[i] !== '"') field += line[i];
        else if (line[i + 1] === '"') (field += '"'), i++;
        else break;
      }
      i++; // the closing quote
    }
    const end = line.indexOf(",", i);
    field += end < 0 ? line.slice(i) : line.slice(i, end);
    out.push(field);
    if (end < 0) return out;
    i = end + 1;
  }
}

/** Columns of the target values, the row numbers and the predictions, by header; null when it is not a predictions.csv. */
function columns(head: string[]): { targets: string[]; truth: number[]; predicted: number[]; row: number } | null {
  const row = head.indexOf("row");
  if (row === 0 && head.length >= 3 && head.length % 2 === 1 && head.slice(1).every((h, j) => h.startsWith(j % 2 === 0 ? "true_" : "pred_"))) {
    const targets = head.filter((_, j) => j % 2 === 1).map((h) => h.slice(5)); // row, true_T, pred_T, ...
    return { targets, truth: targets.map((_, j) => 1 + 2 * j), predicted: targets.map((_, j) => 2 + 2 * j), row };
  }
  // TARGET..., row, prediction | prediction_TARGET...; a target named row or prediction is kept as true_TARGET
  const kept = head.slice(0, row);
  const shown = head.slice(row + 1);
  if (row < 1 || shown.length !== kept.length) return null;
  const unclash = (k: string) => (k === "true_row" || k === "true_prediction" ? k.slice(5) : k);
  const targets = kept.length === 1 ? [unclash(kept[0])] : shown.map((h) => h.slice("prediction_".length));
  const ok = kept.length === 1 ? shown[0] === "prediction" : shown.every((h, j) => h.startsWith("prediction_") && (kept[j] === targets[j] || kept[j] === `true_${targets[j]}`));
  if (!ok) return null;
  return { targets, truth: kept.map((_, j) => j), predicted: kept.map((_, j) => row + 1 + j), row };
}

/** Parse predictions.csv (null when the text is not one); `split` is metrics.json's predictions.split. */
export function parsePredictionsCsv(text: string, split = "test"): Predictions | null {
  const lines = text.trimEnd().split(/\r?\n/);
  if (lines[0]?.startsWith("# split: ")) split = lines.shift()!.slice(9).trim();
  const c = columns(fields(lines.shift() ?? ""));
  if (!c) return null;
  const out: Predictions = { split, targets: c.targets, rows: [], truth: c.targets.map(() => []), predicted: c.targets.map(() => []) };
  for (const line of lines) {
    const cells = line.split(",").map(Number);
    out.rows.push(cells[c.row]);
    c.targets.forEach((_, j) => (out.truth[j].push(cells[c.truth[j]]), out.predicted[j].push(cells[c.predicted[j]])));
  }
  return out;
}
