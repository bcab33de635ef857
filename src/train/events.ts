// What the fit loop reports, as data. src/cli renders these (logs, --json lines); nothing here prints.
import type { Sequential } from "../engine/index.js";
import type { Checkpoint, HistoryRow, RestartResult, RestartSummary, RunStatus } from "../io/index.js";
import type { GradientWarning } from "./grad_watch.js";

/** Per-batch progress, for a live bar. The same object is reused for every batch of a run: copy what you keep. */
export interface BatchProgress {
  restart: number;
  epoch: number;
  /** Batches done in this epoch (1..steps). */
  step: number;
  steps: number;
  /** Batch-size-weighted mean loss of the epoch so far. */
  loss: number;
  /** Milliseconds since the epoch started. */
  elapsedMs: number;
}

export type FitEvent =
  | { type: "restart_start"; restart: number; restarts: number }
  | { type: "epoch_start"; restart: number; epoch: number; epochs: number; steps: number; lr: number }
  | { type: "epoch_end"; restart: number; epoch: number; epochs: number; steps: number; logs: HistoryRow; ms_per_step: number }
  | { type: "warning"; restart: number; warning: GradientWarning }
  | { type: "checkpoint"; restart: number; epoch: number; checkpoint: Checkpoint }
  /** best_so_far: this restart beats every earlier one (the final choice is FitResult.restarts' `kept`). */
  | { type: "restart_end"; restart: number; restarts: number; result: RestartSummary; best_so_far: boolean };

export interface FitResult {
  status: RunStatus;
  /** The kept weights: the best restart (its best epoch with restore_best); the last good weights on failure. */
  model: Sequential;
  /** History of the kept restart (the current one when interrupted or diverged). */
  history: HistoryRow[];
  /** 1-based restart and epoch of the kept weights' best monitored value. */
  bestRestart: number;
  bestEpoch: number;
  epochsRun: number;
  stoppedEarly: boolean;
  seconds: number;
  samplesPerSecond: number;
  /** Every finished restart; `kept` marks the one whose weights `model` has (none unless completed). */
  restarts: RestartResult[];
  /** The state to write as checkpoint.json (the last completed epoch on interrupt/divergence). */
  checkpoint: Checkpoint;
  /** diverged: the 1-based epoch (and restart) whose loss became NaN/Inf, and that loss. */
  diverged?: { restart: number; epoch: number; step: number; loss: number };
}
