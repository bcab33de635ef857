// A watched history value (early stopping, choosing the best epoch and the best restart), with Keras's
// rules: mode "auto" maximises accuracy-like keys and minimises the rest; an epoch improves when the
// value beats the best by more than min_delta. Early stopping stops after `patience` epochs without one.

import { maximizes } from "../engine/index.js";

export type MonitorMode = "auto" | "min" | "max";

export interface MonitorState {
  best: number | null;
  best_epoch: number;
  wait: number;
}

export class Monitor {
  readonly maximize: boolean;
  best: number | null = null;
  /** 1-based epoch of the best value (0 before the first epoch). */
  bestEpoch = 0;
  /** Epochs since the last improvement. */
  wait = 0;

  constructor(
    readonly key: string,
    mode: MonitorMode = "auto",
    readonly minDelta = 0,
    readonly patience = Infinity,
  ) {
    this.maximize = maximizes(key, mode);
  }

  /** True when `value` (epoch is 1-based) improves on the best; a missing/NaN value never improves. */
  update(epoch: number, value: number | null | undefined): boolean {
    const ok = value !== null && value !== undefined && Number.isFinite(value);
    const improved =
      ok && (this.best === null || (this.maximize ? value > this.best + this.minDelta : value < this.best - this.minDelta));
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
    } else {
      this.wait += 1;
    }
    return improved;
  }

  /** Early stopping: patience epochs in a row without improvement. */
  shouldStop(): boolean {
    return this.wait >= this.patience;
  }

  /** Is `a` better than `b` for this monitor (null is worst)? */
  better(a: number | null, b: number | null): boolean {
    if (a === null) return false;
    if (b === null) return true;
    return this.maximize ? a > b : a < b;
  }

  getState(): MonitorState {
    return { best: this.best, best_epoch: this.bestEpoch, wait: this.wait };
  }

  setState(s: MonitorState): void {
    this.best = s.best;
    this.bestEpoch = s.best_epoch;
    this.wait = s.wait;
  }
}
