// predictions.csv in the run folder: a regression run's predicted and true values on the test split
// (validation when there is no test split), for the report's scatter and residual plots.
//   columns: row, then true_<TARGET> and pred_<TARGET> per target; row = 1-based data row of the CSV.
import { shortestFloat32 } from "../engine/index.js";
import { writeFileAtomic } from "../io/index.js";

export const PREDICTIONS_FILE = "predictions.csv";

export interface Predictions {
  split: string;
  targets: string[];
  rows: number[];
  /** Per target: true and predicted values. */
  truth: number[][];
  predicted: number[][];
}

export interface PredictionsInput {
  split: "test" | "validation";
  targets: readonly string[];
  /** [rows, targets] true values and model outputs. */
  y: Float32Array;
  output: Float32Array;
  rowIds: Int32Array;
  rows: number;
}

/** The shortest decimal that reads back as the same float32. */
const f32 = (v: number): string => String(shortestFloat32(v));

const csvName = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function predictionsCsv(p: PredictionsInput): string {
  const k = p.targets.length;
  const lines = [`# split: ${p.split}`, ["row", ...p.targets.flatMap((t) => [`true_${t}`, `pred_${t}`])].map(csvName).join(",")];
  for (let i = 0; i < p.rows; i++) {
    const cells = [String(p.rowIds[i])];
    for (let j = 0; j < k; j++) cells.push(f32(p.y[i * k + j]), f32(p.output[i * k + j]));
    lines.push(cells.join(","));
  }
  return lines.join("\n") + "\n";
}

export function writePredictionsCsv(file: string, p: PredictionsInput): void {
  writeFileAtomic(file, predictionsCsv(p));
}

/** Parse predictions.csv (null when the text is not one). */
export function parsePredictionsCsv(text: string): Predictions | null {
  const lines = text.trimEnd().split(/\r?\n/);
  const split = lines[0]?.startsWith("# split: ") ? lines.shift()!.slice(9).trim() : "test";
  const head = (lines.shift() ?? "").split(",");
  if (head[0] !== "row" || head.length < 3 || head.length % 2 !== 1) return null;
  const targets: string[] = [];
  for (let j = 1; j < head.length; j += 2) targets.push(head[j].replace(/^"?true_/, "").replace(/"$/, ""));
  const out: Predictions = { split, targets, rows: [], truth: targets.map(() => []), predicted: targets.map(() => []) };
  for (const line of lines) {
    const c = line.split(",").map(Number);
    out.rows.push(c[0]);
    targets.forEach((_, j) => (out.truth[j].push(c[1 + 2 * j]), out.predicted[j].push(c[2 + 2 * j])));
  }
  return out;
}
