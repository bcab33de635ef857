// Claim: EpochMetrics, fed an epoch batch by batch in the engine's layout, gives the same numbers as
// scikit-learn over all the epoch's rows (the fixture). Tolerance 1e-9 relative (absolute below 1):
// only the summation order differs (regression merges batches with Chan's formula).
import { describe, expect, it } from "vitest";
import { MltrainError } from "../../src/errors.js";
import { EpochMetrics, defaultMetrics, metricsForTask } from "../../src/metrics/index.js";
import type { MetricName, TaskName } from "../../src/config/schema.js";
import { expectClose } from "./close.js";
import { f32, sklearn } from "./fixtures.js";

const REL = 1e-9;

/** Feeds rows in uneven batches (7, 7, ..., remainder) through a small capacity, so the store grows. */
function feed(em: EpochMetrics, target: Float32Array, output: Float32Array, rows: number, cols: number): void {
  em.reset();
  for (let r = 0; r < rows; r += 7) {
    const b = Math.min(7, rows - r);
    em.update(target.subarray(r * cols, (r + b) * cols), output.subarray(r * cols, (r + b) * cols), b);
  }
}

describe("EpochMetrics over batches equals scikit-learn over the epoch", () => {
  it.each(sklearn.classification.map((c) => [c.name, c] as const))("classification: %s", (_, c) => {
    const { yTrue, proba, cols, classes } = c.input;
    const n = yTrue.length;
    const target = new Float32Array(n * cols);
    for (let i = 0; i < n; i++) {
      if (cols === 1) target[i] = yTrue[i];
      else target[i * cols + yTrue[i]] = 1;
    }
    const task: TaskName = classes.length === 2 ? "binary" : "multiclass";
    const em = new EpochMetrics({ task, outputs: cols, metrics: metricsForTask(task), capacity: 1 });
    feed(em, target, f32(proba), n, cols);
    const e = c.expected;
    const positive = e.per_class[classes[classes.length - 1]];
    const auc = e.roc_auc;
    expectClose(
      em.result(),
      {
        accuracy: e.accuracy,
        balanced_accuracy: e.balanced_accuracy,
        log_loss: e.log_loss,
        precision: task === "binary" ? positive.precision : e.precision.macro,
        recall: task === "binary" ? positive.recall : e.recall.macro,
        f1: task === "binary" ? positive.f1 : e.f1.macro,
        auc: auc === null || typeof auc === "number" ? auc : auc.macro,
      },
      REL,
    );
  });

  it.each(sklearn.multilabel.map((c) => [c.name, c] as const))("multilabel: %s", (_, c) => {
    const L = c.input.labels.length;
    const em = new EpochMetrics({ task: "multilabel", outputs: L, metrics: metricsForTask("multilabel") });
    feed(em, f32(c.input.yTrue), f32(c.input.proba), c.input.yTrue.length / L, L);
    const e = c.expected;
    expectClose(
      em.result(),
      {
        accuracy: e.subset_accuracy,
        log_loss: e.log_loss,
        precision: e.precision.macro,
        recall: e.recall.macro,
        f1: e.f1.macro,
        auc: e.roc_auc.macro,
      },
      REL,
    );
  });

  it.each(sklearn.regression.map((c) => [c.name, c] as const))("regression: %s", (_, c) => {
    const k = c.input.targets.length;
    const em = new EpochMetrics({ task: "regression", outputs: k, metrics: metricsForTask("regression") });
    feed(em, f32(c.input.yTrue), f32(c.input.yPred), c.input.yTrue.length / k, k);
    const { mse, rmse, mae, r2 } = c.expected;
    expectClose(em.result(), { mse, rmse, mae, r2 }, REL);
  });
});

describe("EpochMetrics bookkeeping", () => {
  const t = Float32Array.from([1, 0, 0, 1]);
  const p = Float32Array.from([0.9, 0.1, 0.3, 0.7]);

  it("reset() forgets the previous epoch: a second epoch reports only its own rows", () => {
    const em = new EpochMetrics({ task: "multiclass", outputs: 2, metrics: ["accuracy", "auc"] });
    em.update(t, Float32Array.from([0.1, 0.9, 0.7, 0.3]), 2); // both wrong
    expect(em.result()).toEqual({ accuracy: 0, auc: 0 });
    em.reset();
    em.update(t, p, 2); // both right
    expect(em.result()).toEqual({ accuracy: 1, auc: 1 });
  });

  it("result() is null for every metric before any row, and only the requested keys are present", () => {
    const em = new EpochMetrics({ task: "regression", outputs: 1, metrics: ["mae", "r2"] });
    expect(em.result()).toEqual({ mae: null, r2: null });
  });

  it("undefined epoch values are null, never NaN: AUC with one class, R² of one row", () => {
    const auc = new EpochMetrics({ task: "binary", outputs: 1, metrics: ["auc", "precision"] });
    auc.update(Float32Array.from([0, 0]), Float32Array.from([0.2, 0.4]), 2);
    expect(auc.result()).toEqual({ auc: null, precision: 0 });
    const r2 = new EpochMetrics({ task: "regression", outputs: 1, metrics: ["r2"] });
    r2.update(Float32Array.from([1]), Float32Array.from([2]), 1);
    expect(r2.result()).toEqual({ r2: null });
  });

  it("a metric that does not fit the task is a config.invalid error naming the choices", () => {
    const make = () => new EpochMetrics({ task: "regression", outputs: 1, metrics: ["accuracy" as MetricName] });
    expect(make).toThrow(MltrainError);
    expect(make).toThrowErrorMatchingInlineSnapshot(
      `[MltrainError: metric "accuracy" does not apply to a regression task; choose from mse, rmse, mae, r2]`,
    );
  });

  it("defaultMetrics: accuracy for classification, mae for regression; each allowed for its task", () => {
    for (const task of ["binary", "multiclass", "multilabel", "regression"] as const)
      for (const m of defaultMetrics(task)) expect(metricsForTask(task)).toContain(m);
    expect(defaultMetrics("multiclass")).toEqual(["accuracy"]);
    expect(defaultMetrics("regression")).toEqual(["mae"]);
  });
});

it("config's metric lists (src/config/rules.ts, which cannot import metrics) agree with the metrics module", async () => {
  const rules = await import("../../src/config/rules.js");
  for (const task of ["binary", "multiclass", "multilabel", "regression"] as const) {
    expect(rules.metricsForTask(task)).toEqual(metricsForTask(task));
    expect(rules.defaultMetrics(task)).toEqual(defaultMetrics(task));
  }
});
