// checkpoint.json: the whole training state at the end of an epoch, enough for `fit --resume` to
// continue to the same final weights as an uninterrupted run: weights, optimizer slots and step count,
// schedule state, both RNG states (weights/dropout and batch shuffling), early-stopping state, the
// history so far, and for random restarts the index of the current restart plus the best finished one.
import type { Config } from "../config/schema.js";
import type { LayerJson, OptimizerState, RngState, ScheduleState } from "../engine/index.js";
import { MltrainError } from "../errors.js";
import { writeJsonAtomic } from "./atomic.js";
import type { HistoryRow } from "./history.js";
import { readVersionedJson } from "./read_json.js";
import type { RestartSummary } from "./report.js";

export const CHECKPOINT_FORMAT = "mltrain-checkpoint";
export const CHECKPOINT_VERSION = 1;

export interface EarlyStoppingState {
  best: number | null;
  best_epoch: number;
  wait: number;
  /** Weights of the best epoch (restore_best), else null. */
  best_layers: LayerJson[] | null;
}

/** A finished restart kept as the best so far. */
export interface BestRestart {
  restart: number;
  value: number | null;
  layers: LayerJson[];
  history: HistoryRow[];
  best_epoch: number;
  stopped_early: boolean;
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  /** The resolved config the run used: --resume refuses another one. */
  config: Config;
  /** 0-based index of the restart in progress. */
  restart: number;
  /** Epochs completed in this restart (the next epoch to run, 0-based). */
  epoch: number;
  /** True when this restart had already stopped (early stopping or last epoch). */
  restart_done: boolean;
  layers: LayerJson[];
  optimizer: OptimizerState;
  schedule: ScheduleState;
  rng: { model: RngState; shuffle: RngState };
  early_stopping: EarlyStoppingState | null;
  history: HistoryRow[];
  seconds: number;
  restarts: RestartSummary[];
  best_restart: BestRestart | null;
}

export function writeCheckpoint(file: string, ckpt: Checkpoint): void {
  writeJsonAtomic(file, ckpt);
}

export function readCheckpoint(file: string): Checkpoint {
  const obj = readVersionedJson(file, {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    badFormat: "checkpoint.invalid",
    badVersion: "checkpoint.invalid",
    expected: "--resume takes the checkpoint.json of a run folder (e.g. runs/NAME/checkpoint.json)",
  });
  for (const key of ["config", "layers", "optimizer", "schedule", "rng", "history", "restarts"]) {
    if (obj[key] === undefined || obj[key] === null) {
      throw new MltrainError("checkpoint.invalid", `corrupted checkpoint: \`${key}\` is missing`, { file });
    }
  }
  if (typeof obj.epoch !== "number" || typeof obj.restart !== "number") {
    throw new MltrainError("checkpoint.invalid", "corrupted checkpoint: `epoch`/`restart` are not numbers", { file });
  }
  return obj as unknown as Checkpoint;
}
