// asha: asynchronous successive halving (Li et al. 2020), as Optuna's SuccessiveHalvingPruner with
// min_resource = grace_epochs and min_early_stopping_rate 0. Rungs sit at grace·rf^k epochs. At a
// rung a trial continues only if its value there is in the top 1/rf of the values of every trial that
// reached the rung (itself and the `earlier` ones). While fewer than rf trials reached it, only the
// best so far continues (Optuna's rule for promotable index -1).
import type { Direction, Pruner, TrialView } from "../types.js";

export interface AshaOptions {
  grace_epochs: number;
  reduction_factor: number;
}

/** Whether `epoch` is a rung: grace·rf^k for some k ≥ 0. */
export function isRung(epoch: number, o: AshaOptions): boolean {
  for (let r = o.grace_epochs; r <= epoch; r *= o.reduction_factor) if (r === epoch) return true;
  return false;
}

export function createAshaPruner(o: AshaOptions, direction: Direction): Pruner {
  return {
    decidesAt: (epoch) => isRung(epoch, o),
    shouldPrune(trial: TrialView, epoch: number, earlier: readonly TrialView[]): boolean {
      if (!isRung(epoch, o)) return false;
      const value = trial.intermediate[epoch - 1];
      if (value === undefined) return false;
      if (Number.isNaN(value)) return true;
      const competing = [value, ...earlier.map((t) => t.intermediate[epoch - 1]).filter((v): v is number => v !== undefined && !Number.isNaN(v))];
      competing.sort((a, b) => a - b);
      let k = Math.floor(competing.length / o.reduction_factor) - 1;
      if (k === -1) k = 0;
      return direction === "minimize" ? !(value <= competing[k]) : !(value >= competing[competing.length - 1 - k]);
    },
  };
}
