// The JSON `mltrain serve` answers POST /predict with: the numbers of predictions_csv.ts (predict's CSV),
// cell for cell, as JSON values.
//   binary / multiclass   predictions: [label], probabilities: [[p per class]] (binary: [p_negative, p_positive])
//   multilabel            predictions: [[0/1 per label]], probabilities: [[p per label]]
//   regression            predictions: [value] (one target) or [[value per target]]; no probabilities
// A row left out for a missing value (missing: drop) has null in each array, so entries stay aligned
// with the rows sent. Numbers are the shortest decimals that read back as the same float32.
import type { TaskName } from "../config/schema.js";
import { shortestFloat32 } from "../engine/tensor.js";
import { predictedClass } from "../metrics/classification.js";

export interface PredictionsJson {
  predictions: (string | number | number[] | null)[];
  probabilities?: (number[] | null)[];
}

export interface PredictionsJsonInput {
  task: TaskName;
  /** Class labels (binary: [negative, positive]), multilabel label names, regression target names. */
  labels: readonly string[];
  /** [rows, nOut] model outputs, for the rows numbered rowIds. */
  output: Float32Array;
  rows: number;
  /** 1-based number of each predicted row among all rows sent. */
  rowIds: Int32Array;
  /** All rows sent (predicted and left out). */
  total: number;
  /** Binary and multilabel: positive when p > threshold (default 0.5). */
  threshold?: number;
}

export function predictionsJson(input: PredictionsJsonInput): PredictionsJson {
  const { task, labels, output, rows, rowIds } = input;
  const threshold = input.threshold ?? 0.5;
  const cols = task === "binary" ? 1 : labels.length;
  const predictions: PredictionsJson["predictions"] = new Array(input.total).fill(null);
  const probabilities: (number[] | null)[] = new Array(input.total).fill(null);
  for (let i = 0; i < rows; i++) {
    const at = rowIds[i] - 1;
    const o = i * cols;
    const values = Array.from(output.subarray(o, o + cols), shortestFloat32);
    if (task === "regression") {
      predictions[at] = cols === 1 ? values[0] : values;
    } else if (task === "multilabel") {
      predictions[at] = values.map((_, j) => (output[o + j] > threshold ? 1 : 0));
      probabilities[at] = values;
    } else {
      predictions[at] = labels[predictedClass(output, i, cols, threshold)];
      probabilities[at] = task === "binary" ? [shortestFloat32(1 - output[i]), values[0]] : values;
    }
  }
  return task === "regression" ? { predictions } : { predictions, probabilities };
}
