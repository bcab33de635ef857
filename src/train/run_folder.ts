// The run folder (SPEC "The run folder"): model.json, metrics.json, history.csv, config.yaml,
// checkpoint.json, each written atomically. A failed or interrupted run writes checkpoint.json, the
// partial history.csv and metrics.json (status "interrupted"/"diverged"), and no model.json. fit writes
// into a staging folder that then replaces the run folder or becomes DIR.partial (io/run_dir.ts).
import path from "node:path";
import type { Config, TaskName } from "../config/schema.js";
import {
  modelFile,
  REPORT_FORMAT,
  REPORT_VERSION,
  writeCheckpoint,
  writeFileAtomic,
  writeHistoryCsv,
  writeModelFile,
  writeReport,
  type Report,
  type RunPredictions,
  type SplitSource,
} from "../io/index.js";
import type { FitResult } from "./events.js";

export interface RunDescription {
  name: string;
  task: TaskName;
  config: Config;
  /** config.yaml's text (the fully resolved config). */
  configYaml: string;
  features: string[];
  /** Shape of one input sample (model.json input.shape). */
  shape: readonly number[];
  preprocessing: unknown;
  target: string | string[];
  classes: string[] | null;
  rows: { train: number; validation: number; test: number };
  mltrainVersion: string;
  /** The predictions.csv the run writes beside metrics.json (regression), or null. */
  predictions: RunPredictions | null;
  /** The class weights training.class_weight resolved to, by label (metrics.json training.class_weight), or none. */
  classWeight?: Record<string, number> | null;
  /** metrics.json data.split: each split's rows per data file (CSV data), else absent. */
  split?: SplitSource[] | null;
}

export interface RunFiles {
  model: string;
  metrics: string;
  history: string;
  config: string;
  checkpoint: string;
}

export function runFiles(dir: string): RunFiles {
  return {
    model: path.join(dir, "model.json"),
    metrics: path.join(dir, "metrics.json"),
    history: path.join(dir, "history.csv"),
    config: path.join(dir, "config.yaml"),
    checkpoint: path.join(dir, "checkpoint.json"),
  };
}

export function buildReport(run: RunDescription, result: FitResult, evaluation: Report["evaluation"], created = new Date()): Report {
  const summary = result.model.summary();
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    name: run.name,
    task: run.task,
    created: created.toISOString(),
    mltrain_version: run.mltrainVersion,
    status: result.status,
    config: run.config,
    data: { rows: run.rows, features: run.features, target: run.target, classes: run.classes, ...(run.split ? { split: run.split } : {}) },
    model: {
      layers: summary.map((l) => ({ name: l.name, type: l.type, output_shape: l.outputShape, params: l.params })),
      params: summary.reduce((s, l) => s + l.params, 0),
    },
    training: {
      epochs_run: result.epochsRun,
      best_epoch: result.bestEpoch,
      stopped_early: result.stoppedEarly,
      seconds: result.seconds,
      samples_per_second: result.samplesPerSecond,
      restarts: result.restarts,
      ...(run.classWeight ? { class_weight: run.classWeight } : {}),
    },
    history: result.history,
    evaluation,
    predictions: run.predictions,
  };
}

/** Write the run folder; returns the paths written, in writing order. */
export function writeRunFolder(dir: string, run: RunDescription, result: FitResult, evaluation: Report["evaluation"]): string[] {
  const f = runFiles(dir);
  const written: string[] = [];
  const put = (file: string, write: () => void) => {
    write();
    written.push(file);
  };
  put(f.checkpoint, () => writeCheckpoint(f.checkpoint, result.checkpoint));
  put(f.config, () => writeFileAtomic(f.config, run.configYaml));
  put(f.history, () => writeHistoryCsv(f.history, result.history));
  put(f.metrics, () => writeReport(f.metrics, buildReport(run, result, evaluation)));
  if (result.status === "completed") {
    const layers = result.model.toJSON();
    put(f.model, () =>
      writeModelFile(
        f.model,
        modelFile({
          name: run.name,
          task: run.task,
          features: run.features,
          shape: run.shape,
          preprocessing: run.preprocessing,
          target: run.target,
          classes: run.classes,
          layers,
          config: run.config,
        }),
      ),
    );
  }
  return written;
}
