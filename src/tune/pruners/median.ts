// median: Optuna's MedianPruner (a PercentilePruner at 50). After epoch e (1-based), a trial stops if
// its best value over epochs 1..e is worse than the median of the completed earlier trials' values AT
// epoch e. Never before n_startup_trials trials have completed, never in the first n_warmup_epochs
// epochs (Optuna's step < n_warmup_steps with step = e - 1), never if no completed trial reached e.
// A NaN best value stops the trial.
import type { Direction, Pruner, TrialView } from "../types.js";

export interface MedianOptions {
  n_startup_trials: number;
  n_warmup_epochs: number;
}

/** numpy.percentile with linear interpolation. */
export function percentile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = ((s.length - 1) * q) / 100;
  const i = Math.floor(pos);
  return i + 1 < s.length ? s[i] + (s[i + 1] - s[i]) * (pos - i) : s[i];
}

export function createMedianPruner(o: MedianOptions, direction: Direction): Pruner {
  return {
    decidesAt: (epoch) => epoch > o.n_warmup_epochs,
    shouldPrune(trial: TrialView, epoch: number, earlier: readonly TrialView[]): boolean {
      if (epoch <= o.n_warmup_epochs) return false;
      const completed = earlier.filter((t) => t.state === "complete");
      if (completed.length === 0 || completed.length < o.n_startup_trials) return false;
      const own = trial.intermediate.slice(0, epoch);
      if (own.some((v) => Number.isNaN(v))) return true;
      const best = direction === "minimize" ? Math.min(...own) : Math.max(...own);
      const atEpoch = completed.map((t) => t.intermediate[epoch - 1]).filter((v) => v !== undefined && !Number.isNaN(v));
      if (atEpoch.length === 0) return false;
      // maximize: the 50th percentile either way, as Optuna's 100 - 50
      const median = percentile(atEpoch, 50);
      return direction === "minimize" ? best > median : best < median;
    },
  };
}
