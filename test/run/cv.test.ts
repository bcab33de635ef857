// cv's summary of the folds (src/run/cv.ts meanStd): the mean and the population standard deviation
// (ddof=0, numpy's default std, as scikit-learn's cross_validate users print scores.std()).
import { describe, expect, it } from "vitest";
import type { CvRun } from "../../src/io/index.js";
import { meanStd } from "../../src/run/cv.js";

const run = (validation: Record<string, number | null> | null): CvRun => ({
  repeat: 1, fold: 1, dir: "fold-1", status: validation ? "completed" : "diverged", epochs_run: 1, best_epoch: 1, rows: { train: 1, validation: 1 }, validation, validation_rows: [1],
});

describe("meanStd", () => {
  it("is the mean and the population std (ddof=0) of each key over the folds", () => {
    // accuracy 0.8, 0.9, 1.0, 0.9: mean 0.9; squared deviations 0.01 + 0 + 0.01 + 0 = 0.02; / 4 = 0.005; sqrt = 0.0707107
    // (the sample std, ddof=1, would be sqrt(0.02 / 3) = 0.0816497)
    const { mean, std } = meanStd([0.8, 0.9, 1.0, 0.9].map((a) => run({ loss: 2 * a, accuracy: a })), ["loss", "accuracy"]);
    expect(mean.accuracy).toBeCloseTo(0.9, 12);
    expect(std.accuracy).toBeCloseTo(0.0707107, 6);
    expect(std.loss).toBeCloseTo(0.1414214, 6);
  });

  it("is null for a key some fold has no value of (a diverged fold, an undefined metric), as numpy gives nan", () => {
    const { mean, std } = meanStd([run({ loss: 1, auc: null }), run({ loss: 2, auc: 0.5 }), run(null)], ["loss", "auc"]);
    expect(mean).toEqual({ loss: null, auc: null });
    expect(std).toEqual({ loss: null, auc: null });
    expect(meanStd([run({ loss: 1 }), run({ loss: 3 })], ["loss"])).toEqual({ mean: { loss: 2 }, std: { loss: 1 } });
  });
});
