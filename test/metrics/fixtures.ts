// The scikit-learn reference cases (test/fixtures/generate/sklearn_metrics.py → sklearn_metrics.json).
import { readFileSync } from "node:fs";

export interface ClassificationCase {
  name: string;
  note: string;
  input: { yTrue: number[]; proba: number[]; cols: number; classes: string[] };
  expected: Record<string, unknown> & {
    accuracy: number;
    balanced_accuracy: number;
    log_loss: number;
    precision: Record<string, number>;
    recall: Record<string, number>;
    f1: Record<string, number>;
    roc_auc: number | null | { macro: number | null; weighted: number | null };
    per_class: Record<string, { precision: number; recall: number; f1: number; support: number; roc_auc: number | null }>;
  };
}
export interface MultilabelCase {
  name: string;
  note: string;
  input: { yTrue: number[]; proba: number[]; labels: string[] };
  expected: Record<string, unknown> & {
    subset_accuracy: number;
    log_loss: number;
    precision: Record<string, number>;
    recall: Record<string, number>;
    f1: Record<string, number>;
    roc_auc: { micro: number | null; macro: number | null; weighted: number | null };
  };
}
export interface RegressionCase {
  name: string;
  note: string;
  input: { yTrue: number[]; yPred: number[]; targets: string[] };
  expected: { mse: number; rmse: number; mae: number; r2: number; per_output?: Record<string, unknown> };
}

export const sklearn = JSON.parse(
  readFileSync(new URL("../fixtures/metrics/sklearn_metrics.json", import.meta.url), "utf8"),
) as {
  versions: Record<string, string>;
  classification: ClassificationCase[];
  multilabel: MultilabelCase[];
  regression: RegressionCase[];
};

/** The fixture's numbers are float32 values printed as float64: Float32Array.from keeps them exactly. */
export const f32 = (a: number[]) => Float32Array.from(a);
