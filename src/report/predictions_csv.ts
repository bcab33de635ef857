// The CSV `mltrain predict` writes, as a pure function of the model's outputs:
//   [--keep columns], row, then per task
//   binary / multiclass   prediction (the label: p > threshold (0.5) / argmax, as the metrics score it), p_<LABEL> per class
//   multilabel            prediction_<LABEL> (0/1, p > threshold (0.5)) per label, then p_<LABEL> per label
//   regression            prediction (one target) or prediction_<TARGET> per target
// `row` is the 1-based data row of the input file (the header is not a data row); a row left out for a
// missing value has its line, with the kept columns and `row` but empty prediction cells. Numbers are written
// with the fewest digits that read back as the same float32. Fields are quoted as RFC 4180 asks.
import type { TaskName } from "../config/schema.js";
import { shortestFloat32 } from "../engine/tensor.js";
import { MltrainError } from "../errors.js";
import { predictedClass } from "../metrics/classification.js";

export interface PredictionsInput {
  task: TaskName;
  /** Class labels (binary: [negative, positive]), multilabel label names, regression target names. */
  labels: readonly string[];
  /** [rows, nOut] model outputs. */
  output: Float32Array;
  rows: number;
  rowIds: Int32Array;
  /** Names of the columns copied through, and their text per row. */
  keepNames: readonly string[];
  keep: readonly (readonly string[])[];
  /** Rows without a prediction (left out for a missing value): their lines have empty prediction cells. */
  skipped?: { rowIds: Int32Array; keep: readonly (readonly string[])[] };
  /** Binary and multilabel: positive when p > threshold (default 0.5). */
  threshold?: number;
}

/** The shortest decimal that parses back to the float32 `v` (`0.1`, not `0.10000000149011612`). */
export function float32Text(v: number): string {
  return String(shortestFloat32(v));
}

/** A CSV field, quoted when it holds a comma, a quote, a line break or outer spaces. */
export function csvField(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Output column names after the kept columns: row, prediction..., p_... */
export function predictionHeader(task: TaskName, labels: readonly string[]): string[] {
  if (task === "regression") return ["row", ...(labels.length === 1 ? ["prediction"] : labels.map((t) => `prediction_${t}`))];
  if (task === "multilabel") return ["row", ...labels.map((l) => `prediction_${l}`), ...labels.map((l) => `p_${l}`)];
  return ["row", "prediction", ...labels.map((l) => `p_${l}`)];
}

/**
 * fit's predictions.csv of a regression run: what `mltrain predict MODEL DATA --keep TARGET` writes for
 * the rows of one split, the true value of each target kept first under its own name, then row and
 * prediction (prediction_TARGET per target with several). A target named like an output column
 * (`row`, `prediction`) is kept as `true_TARGET`, so the names never clash.
 */
export function fitPredictionsCsv(input: { targets: readonly string[]; y: Float32Array; output: Float32Array; rows: number; rowIds: Int32Array }): string {
  const { targets, y, rows } = input;
  const header = predictionHeader("regression", targets);
  const keepNames = targets.map((t) => (header.includes(t) ? `true_${t}` : t));
  const keep = Array.from({ length: rows }, (_, i) => targets.map((_, j) => float32Text(y[i * targets.length + j])));
  return predictionsCsv({ task: "regression", labels: targets, output: input.output, rows, rowIds: input.rowIds, keepNames, keep });
}

export function predictionsCsv(input: PredictionsInput): string {
  const { task, labels, output, rows, rowIds, keepNames, keep } = input;
  const threshold = input.threshold ?? 0.5;
  const header = predictionHeader(task, labels);
  const clash = keepNames.find((k) => header.includes(k));
  if (clash !== undefined) {
    throw new MltrainError("usage", `--keep ${clash}: the output already has a column named ${JSON.stringify(clash)}; keep another column`);
  }
  const cols = task === "binary" ? 1 : labels.length;
  const lines: string[] = [[...keepNames, ...header].map(csvField).join(",")];
  const cells: string[] = [];
  const skipped = input.skipped ?? { rowIds: new Int32Array(0), keep: [] };
  const empty = ",".repeat(header.length - 1);
  const skippedLine = (s: number) => [...skipped.keep[s].map(csvField), `${skipped.rowIds[s]}${empty}`].join(",");
  let s = 0;
  for (let i = 0; i < rows; i++) {
    for (; s < skipped.rowIds.length && skipped.rowIds[s] < rowIds[i]; s++) lines.push(skippedLine(s));
    cells.length = 0;
    if (keepNames.length > 0) for (const k of keep[i]) cells.push(csvField(k));
    cells.push(String(rowIds[i]));
    const o = i * cols;
    if (task === "regression") {
      for (let j = 0; j < cols; j++) cells.push(float32Text(output[o + j]));
    } else if (task === "multilabel") {
      for (let j = 0; j < cols; j++) cells.push(output[o + j] > threshold ? "1" : "0");
      for (let j = 0; j < cols; j++) cells.push(float32Text(output[o + j]));
    } else {
      cells.push(csvField(labels[predictedClass(output, i, cols, threshold)]));
      if (task === "binary") cells.push(float32Text(1 - output[i]), float32Text(output[i]));
      else for (let j = 0; j < cols; j++) cells.push(float32Text(output[o + j]));
    }
    lines.push(cells.join(","));
  }
  for (; s < skipped.rowIds.length; s++) lines.push(skippedLine(s));
  return lines.join("\n") + "\n";
}
