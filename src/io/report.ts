// metrics.json, the run's report: {format: "mltrain-report", version, name, task, created,
// mltrain_version, status, config, data, model, training, history, evaluation: {train, validation, test}}.
// `status` is "completed", "interrupted" (SIGINT) or "diverged" (NaN/Inf loss): a partial report
// has the history so far and the evaluation of the last good weights.
import type { Config, TaskName } from "../config/schema.js";
import { writeJsonAtomic } from "./atomic.js";
import type { HistoryRow } from "./history.js";
import { readVersionedJson } from "./read_json.js";
import type { SplitSource } from "./data_split.js";

export const REPORT_FORMAT = "mltrain-report";
export const REPORT_VERSION = 1;

export type RunStatus = "completed" | "interrupted" | "diverged";

/** A finished restart, as its restart_end event and checkpoint.json list it. */
export interface RestartSummary {
  /** 1-based restart number. */
  restart: number;
  /** Seed the restart's weights and shuffles derive from (Rng.derive(seed, restart - 1)). */
  seed_salt: number;
  epochs_run: number;
  best_epoch: number;
  /** The monitored key and its best value in this restart. */
  monitor: string;
  best_value: number | null;
  /** Epoch whose weights the restart ends with: best_epoch with restore_best, else the last one. */
  kept_epoch: number;
  stopped_early: boolean;
}

/** A restart as metrics.json's training.restarts lists it. */
export interface RestartResult extends RestartSummary {
  /**
   * The run's model (model.json) has this restart's weights: true for exactly one restart of a
   * completed run, false for every restart in a partial (interrupted or diverged) report.
   */
  kept: boolean;
}

export interface Report {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  name: string;
  task: TaskName;
  created: string;
  mltrain_version: string;
  status: RunStatus;
  config: Config;
  data: {
    rows: { train: number; validation: number; test: number };
    features: string[];
    target: string | string[];
    classes: string[] | null;
    /** The rows of each split, per data file, with the file's fingerprint (what `eval --split` scores); absent for IDX data. */
    split?: SplitSource[];
  };
  model: {
    layers: { name: string; type: string; output_shape: [null, ...number[]]; params: number }[];
    params: number;
  };
  training: {
    epochs_run: number;
    best_epoch: number;
    stopped_early: boolean;
    seconds: number;
    samples_per_second: number;
    restarts: RestartResult[];
    /** training.class_weight resolved, by label: the history's `loss` is weighted by it (val_loss and evaluation are not). */
    class_weight?: Record<string, number>;
  };
  history: HistoryRow[];
  /** Metrics objects of the metrics module (null for an empty split). */
  evaluation: { train: unknown; validation: unknown; test: unknown };
  /** predictions.csv of the run folder (regression runs): the split its rows are from; null when none. */
  predictions?: RunPredictions | null;
}

/** What predictions.csv holds: the rows of one split (test, else validation) and their count. */
export interface RunPredictions {
  file: string;
  split: "test" | "validation";
  rows: number;
}

export function writeReport(file: string, report: Report): void {
  writeJsonAtomic(file, report);
}

export function readReport(file: string): Report {
  return readVersionedJson(file, {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    badFormat: "model.bad_format",
    badVersion: "model.bad_version",
  }) as unknown as Report;
}
