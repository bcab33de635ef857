// The final report's evaluation: the kept model's metrics object (metrics module, scikit-learn
// definitions) on each split; null for a split without rows.
import type { TaskName } from "../config/schema.js";
import type { Sequential } from "../engine/index.js";
import { evaluateOutputs, type MetricsObject } from "../metrics/index.js";
import type { Table } from "../data/index.js";

export function evaluateSplit(model: Sequential, table: Table | null, task: TaskName, labels: readonly string[]): MetricsObject | null {
  if (!table || table.rows === 0) return null;
  const output = model.predict(table.x, table.rows);
  return evaluateOutputs({ task, target: table.y, output, rows: table.rows, labels });
}
