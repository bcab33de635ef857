// Claim: classificationMetrics, multilabelMetrics and regressionMetrics give scikit-learn's numbers
// (version in the fixture) on varied seeded inputs: imbalanced, perfect, all wrong, ties in scores,
// a class never predicted, a class absent from y_true, one class only, binary (two columns and one
// column) / 3 / 10 classes, multilabel with degenerate labels, single- and multi-output regression.
// Tolerance: 1e-9 relative (absolute below 1): both sides do float64 math on the same float32 inputs,
// only the summation order differs.
import { describe, expect, it } from "vitest";
import { classificationMetrics, multilabelMetrics, regressionMetrics } from "../../src/metrics/index.js";
import { expectClose, expectJsonSafe } from "./close.js";
import { f32, sklearn } from "./fixtures.js";

const REL = 1e-9;

describe("classificationMetrics matches scikit-learn", () => {
  it.each(sklearn.classification.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const m = classificationMetrics({
      yTrue: Int32Array.from(c.input.yTrue),
      proba: f32(c.input.proba),
      classes: c.input.classes,
    });
    expectClose(m, c.expected, REL);
    expect(m.loss).toBe(m.log_loss);
    expectJsonSafe(m);
  });
});

describe("multilabelMetrics matches scikit-learn", () => {
  it.each(sklearn.multilabel.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const m = multilabelMetrics({ yTrue: f32(c.input.yTrue), proba: f32(c.input.proba), labels: c.input.labels });
    expectClose(m, c.expected, REL);
    expectJsonSafe(m);
  });
});

describe("regressionMetrics matches scikit-learn", () => {
  it.each(sklearn.regression.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const m = regressionMetrics({ yTrue: f32(c.input.yTrue), yPred: f32(c.input.yPred), targets: c.input.targets });
    expectClose(m, c.expected, REL);
    expect(m.per_output === undefined).toBe(c.input.targets.length === 1);
    expectJsonSafe(m);
  });
});

it("the fixture records the scikit-learn version it was generated with", () => {
  expect(sklearn.versions.sklearn).toMatch(/^\d+\.\d+/);
});
