// The final report's evaluation: the kept model's metrics object (metrics module, scikit-learn
// definitions) on each split; null for a split without rows. An evaluation's `loss` is the metrics
// object's (log_loss, or mse for regression): the data loss alone, without the l2 penalty that the
// history's loss and val_loss (the training objective, as Keras logs it) include.
import type { TaskName } from "../config/schema.js";
import type { Sequential } from "../engine/index.js";
import type { MetricName } from "../config/schema.js";
import { EpochMetrics, evaluateOutputs, type MetricsObject } from "../metrics/index.js";
import type { Table } from "../data/index.js";

export function evaluateSplit(model: Sequential, table: Table | null, task: TaskName, labels: readonly string[]): MetricsObject | null {
  if (!table || table.rows === 0) return null;
  const output = model.predict(table.x, table.rows);
  return evaluateOutputs({ task, target: table.y, output, rows: table.rows, labels });
}

/** The metric an evaluation's `loss` is: scikit-learn's log_loss for classification, mse for regression. */
export function evaluationLossName(task: TaskName): "log_loss" | "mse" {
  return task === "regression" ? "mse" : "log_loss";
}

/**
 * What fit's `Test:` line and the `done` event show of a split: the `loss` of its evaluation (the
 * figure metrics.json has) and the logged metrics as the epoch lines compute them (one forward pass,
 * dropout off).
 */
export function scoreLogged(
  evaluation: MetricsObject | null,
  model: Sequential,
  table: Table | null,
  task: TaskName,
  metrics: readonly MetricName[],
): Record<string, number | null> | null {
  if (!evaluation || !table || table.rows === 0) return null;
  const output = model.predict(table.x, table.rows);
  const values: Record<string, number | null> = { loss: evaluation.loss };
  const em = new EpochMetrics({ task, outputs: table.nOut, metrics: [...metrics], capacity: table.rows });
  em.reset();
  em.update(table.y, output, table.rows);
  const m = em.result() as Record<string, number | null | undefined>;
  for (const k of metrics) values[k] = m[k] ?? null;
  return values;
}
