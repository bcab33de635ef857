// The lecture's worked examples (seed/, "Métricas de evaluación").
import { expect, it } from "vitest";
import { classificationMetrics } from "../../src/metrics/index.js";

it("six-patient table: AUC is 0.75 with Infected as the positive class (exact)", () => {
  // Kiril 0.21 H, Hans 0.67 I, Carl 0.56 H, Jane 0.31 H, Julie 0.70 I, Carol 0.84 H.
  // Pairs (infected, healthy) ranked correctly: Hans beats 3 of 4 healthy, Julie 3 of 4 -> 6/8 = 0.75.
  const p = Float32Array.from([0.21, 0.67, 0.56, 0.31, 0.7, 0.84]);
  const y = Int32Array.from([0, 1, 0, 0, 1, 0]);
  const m = classificationMetrics({ yTrue: y, proba: p, classes: ["Healthy", "Infected"] });
  expect(m.roc_auc).toBe(0.75);
  // The curve walks down the thresholds 0.84 (Carol, FP), 0.70 + 0.67 (Julie, Hans: TP, TP; the
  // collinear middle point is dropped), then the rest: (0,0) (0.25,0) (0.25,1) (1,1).
  expect(m.roc_curve.Infected!.fpr).toEqual([0, 0.25, 0.25, 1]);
  expect(m.roc_curve.Infected!.tpr).toEqual([0, 0, 1, 1]);
});

it("balanced accuracy is the mean of the normalised confusion matrix's diagonal: (0.55 + 0.56) / 2 = 0.555 (1e-15)", () => {
  // Class A: 11 of 20 right (0.55); class B: 56 of 100 right (0.56). The lecture's "0,55" is 0.555
  // truncated. Plain accuracy differs: (11 + 56) / 120 = 0.5583.
  const yTrue: number[] = [];
  const proba: number[] = [];
  const add = (t: number, pred: number, count: number) => {
    for (let i = 0; i < count; i++) {
      yTrue.push(t);
      proba.push(pred === 0 ? 0.8 : 0.2, pred === 0 ? 0.2 : 0.8);
    }
  };
  add(0, 0, 11);
  add(0, 1, 9);
  add(1, 1, 56);
  add(1, 0, 44);
  const m = classificationMetrics({ yTrue: Int32Array.from(yTrue), proba: Float32Array.from(proba), classes: ["A", "B"] });
  expect(m.confusion_matrix.normalized[0][0]).toBeCloseTo(0.55, 15);
  expect(m.confusion_matrix.normalized[1][1]).toBeCloseTo(0.56, 15);
  expect(m.balanced_accuracy).toBeCloseTo(0.555, 15);
  expect(m.accuracy).toBeCloseTo(67 / 120, 15);
});
