// From the engine's layout to a SPEC metrics object: what fit (the final report) and eval call.
//   binary/multiclass  target one-hot [rows, k] (or 0/1 [rows, 1] for a sigmoid binary), output probs
//   multilabel         target 0/1 [rows, L], output probabilities
//   regression         target and output values [rows, k]
import type { TaskName } from "../config/schema.js";
import { classificationMetrics, predictedClass, type ClassificationMetrics } from "./classification.js";
import { multilabelMetrics, type MultilabelMetrics } from "./multilabel.js";
import { regressionMetrics, type RegressionMetrics } from "./regression.js";

export type MetricsObject = ClassificationMetrics | MultilabelMetrics | RegressionMetrics;

export interface EvaluateInput {
  task: TaskName;
  /** [rows, cols] targets in the engine's layout. */
  target: Float32Array;
  /** [rows, cols] model outputs (probabilities or values). */
  output: Float32Array;
  rows: number;
  /** Class labels (binary/multiclass, positive class last for binary), label names or target names. */
  labels: readonly string[];
  /** Binary and multilabel decision threshold: positive when p > threshold (default 0.5). */
  threshold?: number;
  /** Keep at most this many points per ROC curve (default: all). */
  maxCurvePoints?: number;
}

/** Class index per row from one-hot rows (argmax) or a 0/1 column. */
export function classIndices(target: Float32Array, rows: number, cols: number): Int32Array {
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = predictedClass(target, i, cols);
  return y;
}

/** The SPEC.md metrics object of a task from targets and outputs in the engine's layout. */
export function evaluateOutputs(input: EvaluateInput): MetricsObject {
  const { task, target, output, rows, labels } = input;
  const cols = rows > 0 ? output.length / rows : 0;
  const t = target.subarray(0, rows * cols);
  const o = output.subarray(0, rows * cols);
  if (task === "regression") return regressionMetrics({ yTrue: t, yPred: o, targets: labels });
  if (task === "multilabel") return multilabelMetrics({ yTrue: t, proba: o, labels, threshold: input.threshold, maxCurvePoints: input.maxCurvePoints });
  return classificationMetrics({
    yTrue: classIndices(t, rows, cols),
    proba: o,
    classes: labels,
    maxCurvePoints: input.maxCurvePoints,
    threshold: input.threshold,
  });
}
