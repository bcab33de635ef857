// The headless cross-validation (`mltrain cv`): K folds over the split's train + validation rows, each a
// full fit (runFit with LoadOptions.fold) writing its own run folder, the scores of every fold on its
// validation rows, their mean and std, and cv.json. Never prints: src/cli/cv.ts renders the events.
//
//   const run = runCv({ file, overrides, cwd }, { folds: 5, repeats: 1 });
//   let step = await run.next();
//   while (!step.done) { render(step.value); step = await run.next(); }   // cv_start, fold_start, fold_event, fold_end, writing
//   const done = step.value;   // CvRunResult: status, cv.json's content, the folder
//
// The data is loaded once to draw the folds (src/data/kfold.ts) from the config's seed; the test split
// is set aside: no fold trains, validates or scores on it. Every fold gets the same config (the same
// seed for its weights and batches), only its rows differ, so a fold's result does not depend on which
// folds ran before it or beside it, nor on --parallel (src/run/cv_folds.ts runs them in this process or
// in a pool of child processes). The cv folder is written as fit writes a run folder: into a staging
// folder under DIR's lock, replacing DIR as a whole when every fold completed, else kept as DIR.partial
// (DIR as it was).
import path from "node:path";
import { assignFolds, cvRowsOf, foldRows, loadData } from "../data/index.js";
import type { Kernels } from "../engine/index.js";
import { MltrainError } from "../errors.js";
import { CV_FILE, CV_FOLDER, foldDirName, RUN_NUMBER, sha256Of, StagedRun, writeCvFile, type CvFile, type CvRun } from "../io/index.js";
import type { FitEvent } from "../train/index.js";
import { evaluationLossName } from "../train/index.js";
import { runFolds, type FoldTask } from "./cv_folds.js";
import { loadSource, SEARCH_IGNORED, type FitSource } from "./fit.js";
import { resolveAgainstData } from "./resolve.js";
import { packageVersion } from "./version.js";

export interface RunCvOptions {
  /** K, at least 2. */
  folds: number;
  /** R repeats of K folds, each drawn from its own seed (default 1). */
  repeats?: number;
  /** The cv folder (relative to cwd); default runs/NAME-cv; `{name}` the config's name, `{n}` the first free number. */
  output?: string;
  /** Polled after every batch: true stops the running fold after that batch, and the cv after it. */
  stopRequested?: () => boolean;
  /** Each thing the data suggests fixing in the config, once. */
  onDataWarning?: (warning: string) => void;
  /** Folds at once: 1 (default) one after another in this process; N in a pool of N child processes. */
  parallel?: number;
  /** Each in-process fold's backend (default createKernels()). */
  kernels?: () => Kernels;
}

/** A fold of a repeat (1-based both). */
export interface FoldId {
  repeat: number;
  fold: number;
}

export type CvEvent =
  | {
      type: "cv_start";
      name: string;
      task: string;
      folds: number;
      repeats: number;
      stratified: boolean;
      shuffle: boolean;
      seed: number;
      /** The rows the folds divide, and the test rows set aside. */
      rows: { cv: number; test: number };
      dir: string;
      /** The score keys (loss first) and what the loss is (log_loss, mse). */
      metrics: string[];
      lossName: string;
      hasValidation: true;
      /** For a process about to exit mid-run (a second Ctrl-C): keep what is written as DIR.partial, return it. */
      quit: () => string;
    }
  | (FoldId & { type: "fold_start"; rows: { train: number; validation: number } })
  /** The fold's training events (epoch_end, restart_end, warning, ...) as fit emits them. */
  | (FoldId & { type: "fold_event"; event: FitEvent })
  | (FoldId & { type: "fold_end"; run: CvRun; seconds: number })
  | { type: "writing" };

export interface CvRunResult {
  status: CvFile["status"];
  cv: CvFile;
  /** The cv folder, and where an interrupted or diverged cv is (DIR.partial). */
  dir: string;
  partial: string;
  replaces: boolean;
  /** cv.json where it is now (absolute). */
  file: string;
}

/** The whole cross-validation (see the top of this file); errors are MltrainErrors thrown by the generator. */
export async function* runCv(source: FitSource, opts: RunCvOptions): AsyncGenerator<CvEvent, CvRunResult, void> {
  const repeats = opts.repeats ?? 1;
  if (!Number.isInteger(opts.folds) || opts.folds < 2) throw new MltrainError("usage", `--folds must be an integer of at least 2, got ${opts.folds}`);
  if (!Number.isInteger(repeats) || repeats < 1) throw new MltrainError("usage", `--repeats must be a positive integer, got ${repeats}`);
  const loaded = await loadSource(source); // a file, or a config made in code (the library's cv)
  const cfg = loaded.config;
  const data = await loadData(cfg.data, { baseDir: loaded.dir, seed: cfg.seed }).catch((e: unknown) => {
    throw loaded.locate(e);
  });
  const { config, task, metrics } = resolveAgainstData(loaded, data);
  if (cfg.search !== undefined) opts.onDataWarning?.(SEARCH_IGNORED.replace("fit ignores", "cv ignores"));
  for (const w of data.warnings) opts.onDataWarning?.(w);

  const rows = cvRowsOf(data);
  const stratified = cfg.data.split.stratify && rows.strata !== null;
  const shuffle = cfg.data.split.shuffle;
  if (repeats > 1 && !shuffle) {
    throw loaded.locate(new MltrainError("usage", `--repeats ${repeats} repeats the same folds: data.split.shuffle is false, so every repeat divides the rows in file order; set data.split.shuffle: true, or leave --repeats out`, { path: "data.split.shuffle" }));
  }
  const assignments: Int32Array[] = [];
  for (let r = 0; r < repeats; r++) {
    try {
      assignments.push(assignFolds(rows.ids.length, { folds: opts.folds, strata: stratified ? rows.strata : null, strataNames: rows.names, shuffle, seed: cfg.seed, repeat: r, file: data.source.file }));
    } catch (e) {
      throw loaded.locate(e);
    }
  }
  const testRows = data.test?.rows ?? 0;
  const csv = cfg.data.path !== undefined && cfg.data.format !== "idx" && cfg.data.format !== "images" && cfg.data.dataset === undefined;
  const sha256 = csv ? sha256Of(path.resolve(loaded.dir, cfg.data.path!)) : null;

  const show = (f: string) => path.relative(source.cwd, f) || ".";
  const dir = path.resolve(source.cwd, (opts.output ?? path.join("runs", `${config.name}-cv`)).replaceAll("{name}", config.name));
  using staged = dir.includes(RUN_NUMBER) ? StagedRun.openNumbered(dir, show, CV_FOLDER) : StagedRun.open(dir, show, { contents: CV_FOLDER });
  const onExit = () => staged.release();
  process.on("exit", onExit);
  let quitFold: (() => string) | null = null;
  const quit = () => {
    quitFold?.();
    staged.keepPartial();
    return staged.partial;
  };

  const lossName = evaluationLossName(task);
  const keys = ["loss", ...metrics];
  const runs: CvRun[] = [];
  let status: CvFile["status"] = "completed";
  try {
    yield {
      type: "cv_start", name: config.name, task, folds: opts.folds, repeats, stratified, shuffle, seed: cfg.seed,
      rows: { cv: rows.ids.length, test: testRows }, dir: staged.dir, metrics: keys, lossName, hasValidation: true, quit,
    };
    const tasks: FoldTask[] = [];
    for (let r = 1; r <= repeats; r++) {
      for (let f = 1; f <= opts.folds; f++) tasks.push({ repeat: r, fold: f, name: foldDirName(r, f, repeats), rows: foldRows(rows.ids, assignments[r - 1], f - 1) });
    }
    const steps = runFolds(source, tasks, {
      folder: staged.staging, parallel: opts.parallel ?? 1, stopRequested: opts.stopRequested, kernels: opts.kernels, onQuit: (q) => void (quitFold = q),
    });
    for await (const step of steps) {
      const { task } = step;
      const id = { repeat: task.repeat, fold: task.fold };
      if (step.type === "fold_start") yield { type: "fold_start", ...id, rows: { train: task.rows.train.length, validation: task.rows.validation.length } };
      else if (step.type === "fold_event") yield { type: "fold_event", ...id, event: step.event };
      else {
        const o = step.outcome;
        const run: CvRun = {
          ...id,
          dir: o.status === "completed" ? task.name : `${task.name}.partial`,
          status: o.status,
          epochs_run: o.epochsRun,
          best_epoch: o.bestEpoch,
          rows: { train: task.rows.train.length, validation: task.rows.validation.length },
          validation: o.validation,
          validation_rows: Array.from(task.rows.validation),
        };
        runs.push(run);
        yield { type: "fold_end", ...id, run, seconds: o.seconds };
        if (o.status === "interrupted") status = "interrupted";
        else if (o.status === "diverged" && status === "completed") status = "diverged";
      }
    }
    // cv.json lists the folds in (repeat, fold) order, however they finished
    runs.sort((a, b) => a.repeat - b.repeat || a.fold - b.fold);
  } finally {
    process.off("exit", onExit);
  }
  yield { type: "writing" };

  const { mean, std } = meanStd(runs, keys);
  const cv: CvFile = {
    format: "mltrain-cv", version: 1,
    name: config.name, task, mltrain_version: packageVersion(), config: source.file, overrides: [...source.overrides],
    status, seed: cfg.seed, folds: opts.folds, repeats, stratified, shuffle,
    data: { file: data.source.file, sha256, rows: Array.from(rows.ids), test_rows: testRows },
    loss_name: lossName, metrics: keys, runs, mean, std,
  };
  writeCvFile(path.join(staged.staging, CV_FILE), cv);
  if (status === "completed") staged.commit();
  else staged.keepPartial();
  return { status, cv, dir: staged.dir, partial: staged.partial, replaces: staged.replaces, file: path.join(status === "completed" ? staged.dir : staged.partial, CV_FILE) };
}

/**
 * Per key, the mean and the population standard deviation (ddof=0, numpy's default std and what
 * `scores.std()` prints after scikit-learn's cross_validate) over every run; null when a run has no value
 * for it (a diverged fold) or no run finished.
 */
export function meanStd(runs: readonly CvRun[], keys: readonly string[]): { mean: Record<string, number | null>; std: Record<string, number | null> } {
  const mean: Record<string, number | null> = {};
  const std: Record<string, number | null> = {};
  for (const k of keys) {
    const xs = runs.map((r) => r.validation?.[k]);
    if (xs.length === 0 || xs.some((x) => typeof x !== "number" || !Number.isFinite(x))) {
      mean[k] = std[k] = null;
      continue;
    }
    const v = xs as number[];
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    mean[k] = m;
    std[k] = Math.sqrt(v.reduce((a, b) => a + (b - m) * (b - m), 0) / v.length);
  }
  return { mean, std };
}
