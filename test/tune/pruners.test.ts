import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAshaPruner, isRung } from "../../src/tune/pruners/asha.js";
import { createMedianPruner, percentile } from "../../src/tune/pruners/median.js";
import { createPruner } from "../../src/tune/pruners/index.js";
import type { SearchSpec, TrialView } from "../../src/tune/types.js";

function t(number: number, intermediate: number[], state: TrialView["state"] = "complete"): TrialView {
  return { number, params: {}, state, intermediate, value: intermediate.at(-1) };
}

describe("median pruner (Optuna's MedianPruner)", () => {
  const prune = createMedianPruner({ n_startup_trials: 5, n_warmup_epochs: 0 }, "minimize");
  // five completed trials with val_loss at epoch 2: 1, 2, 3, 4, 5 → median 3
  const done = [1, 2, 3, 4, 5].map((v, i) => t(i, [9, v, v]));

  it("stops a trial whose best so far is worse than the completed trials' median at that epoch", () => {
    expect(prune.shouldPrune(t(5, [3.5, 3.2], "running"), 2, done)).toBe(true); // best 3.2 > 3
    expect(prune.shouldPrune(t(5, [2.9, 3.2], "running"), 2, done)).toBe(false); // best 2.9 (epoch 1) ≤ 3
    expect(prune.shouldPrune(t(5, [3], "running"), 2 - 1, done)).toBe(false); // epoch 1: median of 9s is 9
  });

  it("never prunes before 5 trials completed; running and pruned earlier trials do not count", () => {
    const four = [...done.slice(0, 4), t(4, [1, 1], "running"), t(6, [1, 1], "pruned")];
    expect(prune.shouldPrune(t(7, [100, 100], "running"), 2, four)).toBe(false);
  });

  it("respects warmup epochs, maximize direction and NaN", () => {
    const warm = createMedianPruner({ n_startup_trials: 5, n_warmup_epochs: 2 }, "minimize");
    expect(warm.shouldPrune(t(5, [100, 100], "running"), 2, done)).toBe(false);
    expect(warm.shouldPrune(t(5, [100, 100, 100], "running"), 3, done)).toBe(true);
    const max = createMedianPruner({ n_startup_trials: 5, n_warmup_epochs: 0 }, "maximize");
    expect(max.shouldPrune(t(5, [0, 2.5], "running"), 2, done)).toBe(true); // best 2.5 < 3
    expect(max.shouldPrune(t(5, [0, 3.5], "running"), 2, done)).toBe(false);
    expect(prune.shouldPrune(t(5, [NaN, 0], "running"), 2, done)).toBe(true);
  });

  it("percentile interpolates linearly as numpy.percentile", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([5, 1, 3], 50)).toBe(3);
  });
});

describe("asha pruner (successive halving, Optuna's rule)", () => {
  const o = { grace_epochs: 2, reduction_factor: 3 };
  const prune = createAshaPruner(o, "minimize");

  it("rungs sit at grace·rf^k epochs", () => {
    expect([1, 2, 3, 5, 6, 17, 18, 54].map((e) => isRung(e, o))).toEqual([false, true, false, false, true, false, true, true]);
  });

  it("at a rung, continues only the top 1/rf of the trials that reached it", () => {
    // rung 2, earlier values 1..5 plus the trial's own: 6 competing, floor(6/3) - 1 = 1 → the 2 best continue
    const earlier = [1, 2, 3, 4, 5].map((v, i) => t(i, [0, v]));
    expect(prune.shouldPrune(t(5, [0, 1.5], "running"), 2, earlier)).toBe(false); // 2nd best
    expect(prune.shouldPrune(t(5, [0, 2.5], "running"), 2, earlier)).toBe(true); // 3rd best
    expect(prune.shouldPrune(t(5, [0, 99, 99], "running"), 3, earlier)).toBe(false); // not a rung
    // trials that did not reach the rung do not compete
    expect(prune.shouldPrune(t(2, [0, 2.5], "running"), 2, [t(0, [0, 1]), t(1, [5], "pruned")])).toBe(true);
  });

  it("with fewer than rf trials at the rung, only the best so far continues; maximize mirrors", () => {
    expect(prune.shouldPrune(t(0, [0, 7], "running"), 2, [])).toBe(false);
    expect(prune.shouldPrune(t(1, [0, 8], "running"), 2, [t(0, [0, 7])])).toBe(true);
    const max = createAshaPruner(o, "maximize");
    expect(max.shouldPrune(t(1, [0, 8], "running"), 2, [t(0, [0, 7])])).toBe(false);
  });

  it("createPruner picks by search.pruner.type; none never prunes", () => {
    const s = { direction: "minimize", pruner: { type: "none" } } as SearchSpec;
    expect(createPruner(s).shouldPrune(t(9, [NaN], "running"), 1, [])).toBe(false);
  });
});

describe("decidesAt: where it is false, shouldPrune is false whatever the trials", () => {
  // trials with NaN, very bad and very good values, so a pruner that could prune there would
  const values = fc.array(fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.constant(Number.NaN), fc.constant(1e9)), { minLength: 12, maxLength: 12 });
  const pruners = [
    { name: "asha 1/2", p: createAshaPruner({ grace_epochs: 1, reduction_factor: 2 }, "minimize") },
    { name: "asha 4/3", p: createAshaPruner({ grace_epochs: 4, reduction_factor: 3 }, "maximize") },
    { name: "median warm-up 3", p: createMedianPruner({ n_startup_trials: 0, n_warmup_epochs: 3 }, "minimize") },
  ];
  for (const { name, p } of pruners) {
    it(name, () => {
      fc.assert(
        fc.property(values, fc.array(values, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 12 }), (own, others, epoch) => {
          const earlier = others.map((v, i) => t(i, v));
          if (!p.decidesAt(epoch)) expect(p.shouldPrune(t(others.length, own, "running"), epoch, earlier)).toBe(false);
        }),
      );
    });
  }
  it("asha decides at its rungs only, median past its warm-up, none never", () => {
    const asha = createAshaPruner({ grace_epochs: 4, reduction_factor: 3 }, "maximize");
    expect([...Array(40).keys()].map((i) => i + 1).filter((e) => asha.decidesAt(e))).toEqual([4, 12, 36]);
    const median = createMedianPruner({ n_startup_trials: 5, n_warmup_epochs: 2 }, "minimize");
    expect([1, 2, 3, 4].map((e) => median.decidesAt(e))).toEqual([false, false, true, true]);
    const none = createPruner({ pruner: { type: "none" }, direction: "minimize" } as SearchSpec);
    expect([1, 2, 3].some((e) => none.decidesAt(e))).toBe(false);
  });
});
