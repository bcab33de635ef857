// Claim: every value that scikit-learn would warn about (zero_division) or refuse (ROC AUC with one
// class, R² of one row) is 0 or null in the output and listed in `undefined` with its path and reason.
import { expect, it } from "vitest";
import {
  EpochMetrics,
  classificationMetrics,
  evaluateOutputs,
  multilabelMetrics,
  regressionMetrics,
  type UndefinedValue,
} from "../../src/metrics/index.js";
import { expectJsonSafe } from "./close.js";
import { f32, sklearn } from "./fixtures.js";

const byName = (name: string) => sklearn.classification.find((c) => c.name === name)!;
const lines = (u: UndefinedValue[]) => u.map((x) => `${x.path} = ${x.value}: ${x.reason}`);

it("a class absent from y_true: recall 0, roc_auc null, normalised row zeros, all listed", () => {
  const c = byName("multiclass3_absent");
  const m = classificationMetrics({ yTrue: Int32Array.from(c.input.yTrue), proba: f32(c.input.proba), classes: c.input.classes });
  expect(lines(m.undefined)).toMatchInlineSnapshot(`
    [
      "per_class.c.recall = 0: no row of this class in y_true",
      "confusion_matrix.normalized.c = 0: no row of this class in y_true",
      "roc_curve.c = null: class absent from y_true",
      "per_class.c.roc_auc = null: class absent from y_true",
    ]
  `);
  expect(m.confusion_matrix.normalized[2]).toEqual([0, 0, 0]);
});

it("only one class in y_true: roc_auc and both curves null, the positive class's ratios 0", () => {
  const c = byName("binary_one_class");
  const m = classificationMetrics({ yTrue: Int32Array.from(c.input.yTrue), proba: f32(c.input.proba), classes: c.input.classes });
  expect(m.roc_auc).toBeNull();
  expect(m.roc_curve).toEqual({ no: null, yes: null });
  expect(lines(m.undefined)).toContain("roc_auc = null: only one class present in y_true");
  expectJsonSafe(m);
});

it("a class never predicted: its precision is 0 and listed", () => {
  const c = byName("multiclass3_never_predicted");
  const m = classificationMetrics({ yTrue: Int32Array.from(c.input.yTrue), proba: f32(c.input.proba), classes: c.input.classes });
  expect(lines(m.undefined)).toEqual(["per_class.c.precision = 0: no row was predicted as this class"]);
});

it("multilabel: a never-true and an always-true label, rows without labels", () => {
  const c = sklearn.multilabel.find((x) => x.name === "multilabel_edges")!;
  const m = multilabelMetrics({ yTrue: f32(c.input.yTrue), proba: f32(c.input.proba), labels: c.input.labels });
  expect(lines(m.undefined).filter((s) => !s.includes("samples"))).toMatchInlineSnapshot(`
    [
      "per_class.never.recall = 0: the label is never true",
      "roc_curve.never = null: the label is never true",
      "per_class.never.roc_auc = null: the label is never true",
      "roc_curve.always = null: the label is always true",
      "per_class.always.roc_auc = null: the label is always true",
    ]
  `);
});

it("regression: constant y_true gives R² 1 (exact) or 0 (not), noted; one row gives null", () => {
  const c = sklearn.regression.find((x) => x.name === "regression_constant")!;
  const m = regressionMetrics({ yTrue: f32(c.input.yTrue), yPred: f32(c.input.yPred), targets: c.input.targets });
  expect(lines(m.undefined)).toEqual([
    "per_output.const_wrong.r2 = 0: constant y_true: 1 if predicted exactly, else 0 (scikit-learn)",
    "per_output.const_exact.r2 = 1: constant y_true: 1 if predicted exactly, else 0 (scikit-learn)",
  ]);
  const one = regressionMetrics({ yTrue: f32([1]), yPred: f32([2]), targets: ["y"] });
  expect(one.r2).toBeNull();
  expect(lines(one.undefined)).toEqual(["r2 = null: R² needs at least 2 rows"]);
});

it("evaluateOutputs reads the engine layout: one-hot targets give the same object as class indices", () => {
  const c = byName("multiclass3");
  const n = c.input.yTrue.length;
  const target = new Float32Array(n * 3);
  c.input.yTrue.forEach((t, i) => (target[i * 3 + t] = 1));
  const fromLayout = evaluateOutputs({ task: "multiclass", target, output: f32(c.input.proba), rows: n, labels: c.input.classes });
  const direct = classificationMetrics({ yTrue: Int32Array.from(c.input.yTrue), proba: f32(c.input.proba), classes: c.input.classes });
  expect(fromLayout).toEqual(direct);
});

it("maxCurvePoints thins each ROC curve to at most that many points, keeping the ends; AUC unchanged", () => {
  const c = byName("multiclass10_imbalanced");
  const input = { yTrue: Int32Array.from(c.input.yTrue), proba: f32(c.input.proba), classes: c.input.classes };
  const full = classificationMetrics(input);
  const thin = classificationMetrics({ ...input, maxCurvePoints: 20 });
  for (const label of c.input.classes) {
    const a = full.roc_curve[label]!;
    const b = thin.roc_curve[label]!;
    expect(a.fpr.length).toBeGreaterThan(20);
    expect(b.fpr.length).toBe(20);
    expect([b.fpr[0], b.tpr[0], b.fpr[19], b.tpr[19]]).toEqual([0, 0, 1, 1]);
    expect(b.thresholds[0]).toBe(a.thresholds[0]);
  }
  expect(thin.roc_auc).toEqual(full.roc_auc);
});

it("a NaN score (a model whose output overflowed): ROC AUC null and listed, in the report and the epoch logs", () => {
  // Binary, one column: p = NaN for row 1 (a NaN has no place among sorted scores).
  const binary = classificationMetrics({ yTrue: Int32Array.of(0, 1, 1, 0), proba: f32([0.2, NaN, 0.7, 0.4]), classes: ["no", "yes"] });
  expect(binary.roc_auc).toBeNull();
  expect(lines(binary.undefined).filter((l) => l.includes("roc"))).toMatchInlineSnapshot(`
    [
      "roc_curve.no = null: a score is NaN (the model's output is not a number)",
      "per_class.no.roc_auc = null: a score is NaN (the model's output is not a number)",
      "roc_curve.yes = null: a score is NaN (the model's output is not a number)",
      "per_class.yes.roc_auc = null: a score is NaN (the model's output is not a number)",
      "roc_auc = null: a score is NaN (the model's output is not a number)",
    ]
  `);
  const three = classificationMetrics({ yTrue: Int32Array.of(0, 1, 2), proba: f32([NaN, NaN, NaN, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8]), classes: ["a", "b", "c"] });
  expect(three.roc_auc).toEqual({ macro: null, weighted: null });
  const multi = multilabelMetrics({ yTrue: f32([0, 1, 1, 0]), proba: f32([0.3, NaN, 0.6, 0.2]), labels: ["u", "v"] });
  expect(multi.roc_auc).toEqual({ micro: null, macro: 1, weighted: 1 }); // label u: the positive row scores higher
  expect(lines(multi.undefined).filter((l) => l.includes("roc"))).toMatchInlineSnapshot(`
    [
      "roc_curve.v = null: a score is NaN (the model's output is not a number)",
      "per_class.v.roc_auc = null: a score is NaN (the model's output is not a number)",
      "roc_auc.micro = null: a score is NaN (the model's output is not a number)",
    ]
  `);
  const em = new EpochMetrics({ task: "binary", outputs: 1, metrics: ["auc"], capacity: 4 });
  em.update(f32([0, 1, 1, 0]), f32([0.2, NaN, 0.7, 0.4]), 4);
  expect(em.result()).toEqual({ auc: null });
});
