// The headless fit: a config file (with its --set overrides) in, the run folder out, and the events of
// the way there as data. Never prints, never exits, never reads argv: `mltrain fit` renders the events
// (src/cli/fit.ts); tune, cv and a library API run the same code.
//
//   const run = runFit({ file, overrides, cwd }, { output, resume, report, onBatch, stopRequested });
//   let step = await run.next();
//   while (!step.done) { render(step.value); step = await run.next(); }  // run_start, train's events, writing
//   const done = step.value;  // FitRunResult: status, the FitResult, the files, the test scores, the folders
//
// Stages: load the config; load the data into the run's own kernels; resolve the config against the
// data; take the run folder (a staging folder under DIR's lock, src/io/run_dir.ts); train, writing each
// checkpoint as it comes; evaluate; write the folder; commit it as DIR (completed) or keep it as
// DIR.partial (diverged, interrupted). The kernels are disposed when the run ends, however it ends.
import { existsSync } from "node:fs";
import path from "node:path";
import { loadConfig, parseConfig, type LoadedConfig } from "../config/load.js";
import type { Config, MetricName, TaskName } from "../config/schema.js";
import { loadData, type FoldRows, type PreparedData } from "../data/index.js";
import { buildModel, createKernels, Rng, type Kernels, type LayerJson, type Sequential, type SummaryRow } from "../engine/index.js";
import { MltrainError } from "../errors.js";
import { checkRunDir, checkRunDirLock, existsError, nextNumberedDir, readCheckpoint, RUN_NUMBER, readModelFile, StagedRun, writeCheckpoint, writeFileAtomic, type Checkpoint, type LockOwner, sha256Of, type SplitSource } from "../io/index.js";
import { fitPredictionsCsv, IMAGES_FILE, imagesCsv, PREDICTIONS_FILE, writeHtmlReport, type ImageRow } from "../report/index.js";
import { predictedClass } from "../metrics/classification.js";
import { classWeightVector, evaluateSplit, evaluationLossName, fit, MODEL_SALT, runFiles, scoreLogged, writeRunFolder } from "../train/index.js";
import type { BatchProgress, FitEvent, FitResult, RunDescription } from "../train/index.js";
import { resolveAgainstData, resolvedConfigYaml } from "./resolve.js";
import { packageVersion } from "./version.js";

/** Where the config comes from: a YAML file, its --set overrides (`path=value`), the folder paths are relative to. */
export interface FitSource {
  file: string;
  overrides: readonly string[];
  cwd: string;
  /**
   * The config's text, made in code (the library's fit(config)): then `file` only names it in messages,
   * its relative paths are relative to cwd, and its problems name key paths (no line:col).
   */
  text?: string;
}

/** The config of `source`, read (a file) or parsed (text made in code), its task left to the data. */
export async function loadSource(source: FitSource): Promise<LoadedConfig> {
  if (source.text === undefined) return loadConfig(source.file, [...source.overrides], source.cwd, { taskFromData: true });
  return parseConfig(source.text, source.file, [...source.overrides], { dir: source.cwd, cwd: source.cwd, taskFromData: true, positions: false });
}

export interface RunFitOptions {
  /**
   * The run folder (relative to cwd); default runs/NAME. `{name}` is the config's name; `{n}` the first
   * free number (a new folder each run: runs/{name}-{n} → runs/iris-1, runs/iris-2, ...).
   */
  output?: string;
  /** false (--no-overwrite): refuse (run.exists) a run folder that exists instead of replacing it. */
  overwrite?: boolean;
  /** A checkpoint.json to continue from (relative to cwd). */
  resume?: string;
  /** Also write report.html into the folder. */
  report?: boolean;
  /** Called after every batch (a live progress bar); the object is reused. */
  onBatch?: (p: BatchProgress) => void;
  /** Polled after every batch: true ends the run after that batch (SIGINT), its folder kept as DIR.partial. */
  stopRequested?: () => boolean;
  /** Called with each thing the data suggests fixing in the config, once the data is loaded. */
  onDataWarning?: (warning: string) => void;
  /** Called with each line on how the data was read (images decoded or from the cache, files ignored). */
  onDataNote?: (note: string) => void;
  /** The run's backend (default createKernels()); disposed when the run ends. */
  kernels?: () => Kernels;
  /** The caller (tune's trials) handles the config's `search:`: no "fit ignores search" warning, and the run's config.yaml and model.json leave it out. */
  ignoreSearch?: boolean;
  /**
   * Cross-validation (src/run/cv.ts): train and validate on these rows (1-based row ids, the split's
   * train + validation rows re-divided) instead of the split's; the test split is left out.
   */
  fold?: FoldRows;
}

/** The one warning of a fit on a config with `search:`. */
export const SEARCH_IGNORED = "the config has a search: section; fit ignores it and trains the config as written (mltrain tune runs the search)";

/** Rows per split. */
export interface SplitRows {
  train: number;
  validation: number;
  test: number;
}

/** A run's config, resolved against its data, and what it loaded (the stages before training). */
interface Prepared {
  loaded: LoadedConfig;
  config: Config & { name: string };
  task: TaskName;
  loss: NonNullable<Config["loss"]>;
  metrics: MetricName[];
  data: PreparedData;
  kernels: Kernels;
  dir: string;
  initLayers: readonly LayerJson[] | null;
  /** model.init_from as shown in messages (relative to cwd) */
  initFrom: string | undefined;
  resumePath: string | null;
  resume: Checkpoint | null;
  rows: SplitRows;
  split: SplitSource[] | null;
}

export type RunEvent =
  | {
      /** The run folder is taken: training starts. */
      type: "run_start";
      name: string;
      task: TaskName;
      metrics: readonly MetricName[];
      rows: SplitRows;
      dir: string;
      /** The stale lock's owner this run took over, else null. */
      tookOver: LockOwner | null;
      /** training.class_weight resolved per class label (balanced: from the train split), else null. */
      classWeight: { balanced: boolean; weights: Record<string, number> } | null;
      /**
       * For a process about to exit mid-run (a second Ctrl-C): keep the folder as it is (the last
       * checkpoint) as DIR.partial, release the lock, return DIR.partial.
       */
      quit: () => string;
    }
  | FitEvent
  | {
      /** Training is over (any status): evaluating and writing the folder. */
      type: "writing";
    };

export interface FitRunResult {
  status: FitResult["status"];
  /** Its model's weights can be read (toJSON); it cannot run: its kernels are disposed. */
  result: FitResult;
  config: Config & { name: string };
  task: TaskName;
  /** The run folder, and where a failed run's files are (DIR.partial). */
  dir: string;
  partial: string;
  /** Whether DIR held an earlier run (kept as it was when this one failed). */
  replaces: boolean;
  /** Every file written, where it is now (absolute). */
  files: string[];
  /** The test split's rows and logged scores (null without test rows), under the evaluation loss's name. */
  test: { rows: number; values: Record<string, number | null> | null; lossName: string };
  /** The same of the validation split (a cross-validation fold's score). */
  validation: { rows: number; values: Record<string, number | null> | null; lossName: string };
  /** checkpoint.json in DIR.partial (diverged, interrupted: what --resume takes). */
  checkpoint: string;
}

/** What --dry-run shows: the model as the first restart would build it, and the data's rows. */
export interface DryRun {
  name: string;
  task: TaskName;
  loss: string;
  metrics: readonly MetricName[];
  rows: SplitRows;
  shape: readonly number[];
  summary: SummaryRow[];
  dir: string;
  /** How the data was read (PreparedData.notes). */
  notes: string[];
}

async function prepare(source: FitSource, opts: RunFitOptions): Promise<Prepared> {
  const loaded = await loadSource(source);
  // the run's own backend; the training rows live in its memory: batches are gathered there without a
  // copy of the table
  const kernels = (opts.kernels ?? createKernels)();
  try {
    // the data's errors about a config key (target: specie) point at that key in the file too
    const data = await loadData(loaded.config.data, { baseDir: loaded.dir, seed: loaded.config.seed, alloc: (n) => kernels.alloc(n), fold: opts.fold }).catch((e: unknown) => {
      throw loaded.locate(e);
    });
    const resolved = resolveAgainstData(loaded, data);
    const { task, loss, metrics } = resolved;
    // a trial's folder is a plain run of its values: its config.yaml and model.json hold no search:
    const { search: _search, ...unsearched } = resolved.config;
    const config = opts.ignoreSearch === true ? unsearched : resolved.config;
    const dir = path.resolve(source.cwd, (opts.output ?? path.join("runs", config.name)).replaceAll("{name}", config.name));
    const initFrom = config.model.init_from !== undefined ? path.relative(source.cwd, config.model.init_from) || config.model.init_from : undefined;
    const initLayers = config.model.init_from ? readModelFile(config.model.init_from).layers : null;
    const resumePath = opts.resume ? path.resolve(source.cwd, opts.resume) : null;
    const resume = resumePath ? readCheckpoint(resumePath) : null;
    const rows = { train: data.train.rows, validation: data.validation?.rows ?? 0, test: data.test?.rows ?? 0 };
    if (loaded.config.search !== undefined && opts.ignoreSearch !== true) opts.onDataWarning?.(SEARCH_IGNORED);
    for (const w of data.warnings) opts.onDataWarning?.(w);
    for (const n of data.notes ?? []) opts.onDataNote?.(n);
    return { loaded, config, task, loss, metrics, data, kernels, dir, initLayers, initFrom, resumePath, resume, rows, split: splitSources(config, data, loaded.dir) };
  } catch (err) {
    kernels.dispose();
    throw err;
  }
}

/**
 * Everything a run does before training, with nothing written: the config, the data, the folder's
 * checks (not writable, locked by a live run), the model as the first restart builds it.
 */
export async function dryRunFit(source: FitSource, opts: RunFitOptions = {}): Promise<DryRun> {
  const p = await prepare(source, opts);
  using kernels = p.kernels;
  const { config, data } = p;
  const show = (f: string) => path.relative(source.cwd, f) || ".";
  const dir = p.dir.includes(RUN_NUMBER) ? nextNumberedDir(p.dir) : p.dir;
  checkRunDir(dir, show);
  checkRunDirLock(dir, show);
  if (opts.overwrite === false && existsSync(dir)) throw existsError(dir, show);
  let model: Sequential;
  try {
    model = buildModel(config.model.layers, {
      nIn: data.train.nIn, inputShape: data.shape, nOut: data.train.nOut, maxBatch: 1, kernels, rng: Rng.derive(config.seed, MODEL_SALT), loss: p.loss, optimizer: config.optimizer,
    });
    if (p.initLayers) model.loadWeights(p.initLayers, "config.invalid", p.initFrom);
  } catch (e) {
    throw p.loaded.locate(e);
  }
  return { name: config.name, task: p.task, loss: p.loss, metrics: p.metrics, rows: p.rows, shape: data.shape, summary: model.summary(), dir, notes: data.notes ?? [] };
}

/** The whole run (see the top of this file); errors are MltrainErrors thrown by the generator. */
export async function* runFit(source: FitSource, opts: RunFitOptions = {}): AsyncGenerator<RunEvent, FitRunResult, void> {
  const p = await prepare(source, opts);
  using kernels = p.kernels;
  const { config, task, loss, metrics, data, rows } = p;
  const show = (f: string) => path.relative(source.cwd, f) || ".";

  // One folder, one run: the run is written into a staging folder beside `dir` while it holds dir's lock;
  // it replaces dir when it completes, else goes to dir.partial (src/io/run_dir.ts). Leaving this
  // function by an error removes the staging folder and releases the lock.
  using staged = p.dir.includes(RUN_NUMBER) ? StagedRun.openNumbered(p.dir, show) : StagedRun.open(p.dir, show, { overwrite: opts.overwrite });
  const dir = staged.dir;
  const onExit = () => staged.release();
  process.on("exit", onExit);
  const quit = () => {
    staged.keepPartial();
    return staged.partial;
  };
  const files = runFiles(staged.staging);
  const weights = classWeightVector(config.training.class_weight, data.classes ?? [], data.train);
  const classWeight = weights && Object.fromEntries(data.classes!.map((label, i) => [label, weights[i]]));
  let result: FitResult;
  try {
    yield { type: "run_start", name: config.name, task, metrics, rows, dir, tookOver: staged.tookOver, quit, classWeight: classWeight && { balanced: config.training.class_weight === "balanced", weights: classWeight } };
    const gen = fit({
      config, task, loss, metrics, train: data.train, validation: data.validation, classes: data.classes, inputShape: data.shape, kernels, initLayers: p.initLayers, initFrom: p.initFrom, resume: p.resume,
      onBatch: opts.onBatch, stopRequested: opts.stopRequested,
    });
    let step = await gen.next();
    while (!step.done) {
      const ev = step.value;
      if (ev.type === "checkpoint") writeCheckpoint(files.checkpoint, ev.checkpoint);
      yield ev;
      step = await gen.next();
    }
    result = step.value;
  } catch (e) {
    // A checkpoint that does not fit is named (the engine does not know the file); a config key is located.
    const unnamed = e instanceof MltrainError && e.code === "checkpoint.invalid" && e.where?.file === undefined && opts.resume !== undefined;
    throw p.loaded.locate(unnamed ? new MltrainError(e.code, e.message, { ...e.where, file: opts.resume }, e.details) : e);
  } finally {
    process.off("exit", onExit);
  }
  yield { type: "writing" };

  const labels = data.classes ?? data.target;
  const evaluation = {
    train: evaluateSplit(result.model, data.train, task, labels),
    validation: evaluateSplit(result.model, data.validation, task, labels),
    test: evaluateSplit(result.model, data.test, task, labels),
  };
  // Regression runs keep their test (else validation) predictions for the report's scatter plots;
  // metrics.json's `predictions` says which split they are.
  const shownSplit = data.test && data.test.rows > 0 ? data.test : data.validation;
  const predictions =
    task === "regression" && shownSplit && shownSplit.rows > 0
      ? { file: PREDICTIONS_FILE, split: shownSplit === data.test ? ("test" as const) : ("validation" as const), rows: shownSplit.rows }
      : null;
  const run: RunDescription = {
    name: config.name, task, config,
    configYaml: resolvedConfigYaml(config),
    features: data.features, shape: data.shape, preprocessing: data.preprocessing, target: data.target, classes: data.classes, rows,
    mltrainVersion: packageVersion(), predictions, classWeight, split: p.split,
  };
  const written = writeRunFolder(staged.staging, run, result, evaluation);
  if (predictions && shownSplit) {
    const file = path.join(staged.staging, PREDICTIONS_FILE);
    writeFileAtomic(file, fitPredictionsCsv({
      targets: data.target, y: shownSplit.y, output: result.model.predict(shownSplit.x, shownSplit.rows), rowIds: shownSplit.rowIds, rows: shownSplit.rows,
    }));
    written.push(file);
  }
  if (data.imagePaths && data.classes) {
    const file = path.join(staged.staging, IMAGES_FILE);
    writeFileAtomic(file, imagesCsv(imageRows(data, data.classes, result.model)));
    written.push(file);
  }
  if (opts.report) written.push(await writeHtmlReport([staged.staging], undefined, source.cwd, [dir]));
  const test = { rows: rows.test, values: scoreLogged(evaluation.test, result.model, data.test, task, metrics), lossName: evaluationLossName(task) };
  const validation = { rows: rows.validation, values: scoreLogged(evaluation.validation, result.model, data.validation, task, metrics), lossName: evaluationLossName(task) };
  const completed = result.status === "completed";
  if (completed) staged.commit(p.resumePath !== null && path.dirname(p.resumePath) === staged.partial);
  else staged.keepPartial();
  return {
    status: result.status, result, config, task, dir, partial: staged.partial, replaces: staged.replaces,
    files: written.map((f) => staged.finalPath(f, completed)), test, validation, checkpoint: path.join(staged.partial, "checkpoint.json"),
  };
}

/**
 * metrics.json data.split: for CSV data, each split's row numbers (in fit's order) with the file's
 * row count and SHA-256, for data.path and data.test_path; null for IDX images and datasets.
 */
function splitSources(config: Config, data: PreparedData, baseDir: string): SplitSource[] | null {
  if (config.data.dataset !== undefined || config.data.format === "idx" || config.data.format === "images" || config.data.path === undefined) return null;
  const ids = (t: { rowIds: Int32Array } | null) => (t ? Array.from(t.rowIds) : []);
  const testFile = config.data.test_path;
  const out: SplitSource[] = [{
    file: data.source.file, rows: data.source.rows, sha256: sha256Of(path.resolve(baseDir, config.data.path)),
    train: ids(data.train), validation: ids(data.validation), test: testFile ? [] : ids(data.test),
  }];
  if (testFile && data.test) {
    out.push({ file: data.source.test_file ?? testFile, rows: data.source.test_rows ?? 0, sha256: sha256Of(path.resolve(baseDir, testFile)), train: [], validation: [], test: ids(data.test) });
  }
  return out;
}

/** images.csv's rows: every image of every split, with the predicted class on validation and test rows. */
function imageRows(data: PreparedData, classes: readonly string[], model: Sequential): ImageRow[] {
  const out: ImageRow[] = [];
  const paths = data.imagePaths!;
  for (const split of ["train", "validation", "test"] as const) {
    const t = data[split];
    if (!t || t.rows === 0) continue;
    const fromTest = split === "test" && paths.test_path !== undefined;
    const proba = split === "train" ? null : model.predict(t.x, t.rows);
    for (let i = 0; i < t.rows; i++) {
      const row = t.rowIds[i];
      const label = t.nOut === 1 ? classes[t.y[i] > 0.5 ? 1 : 0] : classes[argmax(t.y, i, t.nOut)];
      const prediction = proba ? classes[predictedClass(proba, i, t.nOut)] : "";
      out.push({ split, row, path: (fromTest ? paths.test_path! : paths.path)[row - 1], label, prediction });
    }
  }
  return out;
}

function argmax(y: Float32Array, i: number, cols: number): number {
  let best = 0;
  for (let c = 1; c < cols; c++) if (y[i * cols + c] > y[i * cols + best]) best = c;
  return best;
}
