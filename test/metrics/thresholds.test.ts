// Decision thresholds against scikit-learn (test/fixtures/generate/sklearn_thresholds.py): precision,
// recall and F1 at fixed thresholds, and the F1-maximising threshold of precision_recall_curve. 1e-12.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { classificationMetrics } from "../../src/metrics/classification.js";
import { scoresAt, thresholdReport } from "../../src/metrics/thresholds.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/metrics/sklearn_thresholds.json", import.meta.url), "utf8"));
const p = Float32Array.from(fx.p as number[]);
const y = fx.y as number[];

describe(`thresholds match scikit-learn ${fx.versions.sklearn}`, () => {
  it("precision, recall and f1 of p > T at T = 0.1 … 0.9 (ties at 0.3, 0.5 and 0.7 included)", () => {
    const report = thresholdReport(y, p);
    expect(report.trade_off.map((s) => s.threshold)).toEqual(fx.at.map((a: { threshold: number }) => a.threshold));
    report.trade_off.forEach((s, i) => {
      expect(s.precision).toBeCloseTo(fx.at[i].precision, 12);
      expect(s.recall).toBeCloseTo(fx.at[i].recall, 12);
      expect(s.f1).toBeCloseTo(fx.at[i].f1, 12);
    });
  });

  it("the best F1 is precision_recall_curve's maximum, at a T that predicts exactly p >= its score", () => {
    const best = thresholdReport(y, p).best_f1;
    expect(best.f1).toBeCloseTo(fx.best_f1.f1, 12);
    expect(best.precision).toBeCloseTo(fx.best_f1.precision, 12);
    expect(best.recall).toBeCloseTo(fx.best_f1.recall, 12);
    expect(best.threshold).toBeLessThan(fx.best_f1.score);
    expect(p.filter((v) => v > best.threshold && v < fx.best_f1.score)).toHaveLength(0);
    expect(scoresAt(y, p, best.threshold).f1).toBe(best.f1);
  });

  it("a threshold that is not among 0.1 … 0.9 is added to the trade-off in order", () => {
    expect(thresholdReport(y, p, 0.35).trade_off.map((s) => s.threshold)).toEqual([0.1, 0.2, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
  });

  it("classificationMetrics with a threshold: the positive class's precision and recall are scoresAt's", () => {
    const m = classificationMetrics({ yTrue: Int32Array.from(y), proba: p, classes: ["no", "yes"], threshold: 0.3 });
    expect(m.per_class.yes.precision).toBeCloseTo(fx.at[2].precision, 12);
    expect(m.per_class.yes.recall).toBeCloseTo(fx.at[2].recall, 12);
  });
});
