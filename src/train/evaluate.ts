// The final report's evaluation: the kept model's metrics object (metrics module, scikit-learn
// definitions) on each split; null for a split without rows.
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

/**
 * The loss and the logged metrics of a split, as the epoch lines compute them (the `Test:` line of
 * the logs and the `done` event): one forward pass, dropout off.
 */
export function scoreLogged(model: Sequential, table: Table | null, task: TaskName, metrics: readonly MetricName[]): Record<string, number | null> | null {
  if (!table || table.rows === 0) return null;
  const output = new Float32Array(table.rows * table.nOut);
  const values: Record<string, number | null> = { loss: model.evaluateLoss(table.x, table.y, table.rows, output) };
  const em = new EpochMetrics({ task, outputs: table.nOut, metrics: [...metrics], capacity: table.rows });
  em.reset();
  em.update(table.y, output, table.rows);
  const m = em.result() as Record<string, number | null | undefined>;
  for (const k of metrics) values[k] = m[k] ?? null;
  return values;
}
