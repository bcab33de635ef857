// The metrics API: pure functions over labels and probabilities with scikit-learn's definitions
// (no I/O, no printing). What the trainer, eval and the report use:
//
//   // the final report (metrics.json evaluation.train/validation/test, eval --report):
//   const m = evaluateOutputs({ task, target, output: model.predict(x, rows), rows, labels: classes });
//
//   // the epoch logs (loss/val metrics per epoch):
//   const em = new EpochMetrics({ task, outputs: nOut, metrics: config.metrics ?? defaultMetrics(task),
//                                 capacity: trainRows });
//   em.reset();  for (each batch) em.update(batchTarget, batchOutput, b);  em.result()  // {accuracy: 0.93}
//
// Values are never NaN or Infinity; undefined ones are 0 or null and listed in `undefined`.
export type { RocCurve } from "./roc.js";
export type { UndefinedValue } from "./notes.js";
export {
  classificationMetrics,
  type Averages,
  type ClassificationInput,
  type ClassificationMetrics,
  type ClassScores,
  type ConfusionMatrix,
} from "./classification.js";
export {
  multilabelMetrics,
  type LabelScores,
  type MultilabelAverages,
  type MultilabelInput,
  type MultilabelMetrics,
} from "./multilabel.js";
export { regressionMetrics, type OutputScores, type RegressionInput, type RegressionMetrics } from "./regression.js";
export { evaluateOutputs, type EvaluateInput, type MetricsObject } from "./evaluate.js";
export {
  defaultMetrics,
  EpochMetrics,
  metricsForTask,
  type EpochMetricsOptions,
  type EpochMetricValues,
} from "./epoch.js";
