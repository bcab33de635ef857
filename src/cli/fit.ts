// `mltrain fit CONFIG`: load and check the config, load and split the data, train (src/train's event
// stream rendered as Keras logs or JSON lines), write the run folder. Exit codes: 0 done, 1 diverged or
// I/O failure, 2 bad config/data or an -o that cannot be written or is locked, 130 SIGINT (after a
// checkpoint and a partial report).
import path from "node:path";
import type { Command } from "commander";
import type { LoadedConfig } from "../config/load.js";
import type { Problem } from "../config/problems.js";
import type { Config, MetricName, TaskName } from "../config/schema.js";
import type { PreparedData } from "../data/index.js";
import { MltrainError } from "../errors.js";
import type { FitEvent, FitResult, RunDescription } from "../train/index.js";
import { chalkFor } from "./color.js";
import type { CliIo, Out } from "./io.js";
import { collect, nonNegativeInt, verbosity } from "./options.js";
import { packageVersion } from "./program.js";
import { EpochRenderer, finalLines } from "./render/fit_log.js";
import { summaryTable } from "./render/summary_table.js";

export interface FitOptions {
  output?: string;
  set: string[];
  seed?: number;
  verbose?: number;
  json?: boolean;
  resume?: string;
  dryRun?: boolean;
  report?: boolean;
  color: boolean;
}

export function registerFit(program: Command, io: CliIo): void {
  program
    .command("fit")
    .description("train a network from a YAML config and write the run folder")
    .argument("<config>", "YAML config file")
    .option("-o, --output <dir>", "run folder (default: runs/NAME/); replaced as a whole when the run completes, a failed run goes to DIR.partial/")
    .option("--set <path=value>", "override a config key, VALUE parsed as YAML (repeatable)", collect, [])
    .option("--seed <n>", "override the config's seed", nonNegativeInt)
    .option("--verbose <level>", "0 silent, 1 progress bar, 2 one line per epoch (default: 1 on a TTY, else 2)", verbosity)
    .option("--json", "one JSON object per line on stdout (epoch_end, restart_end, done); text to stderr")
    .option("--resume <checkpoint>", "continue from a checkpoint.json")
    .option("--dry-run", "validate, load the data and build the model, but do not train")
    .option("--report", "also write RUN_DIR/report.html (the HTML report of mltrain report)")
    .option("--no-color", "no colours, even on a TTY")
    .action(async (file: string, opts: FitOptions) => runFit(file, opts, io));
}

/** The config with what the data decided filled in: task, loss, metrics (config.yaml, model.json). */
export interface Resolved {
  config: Config & { name: string };
  task: TaskName;
  loss: NonNullable<Config["loss"]>;
  metrics: MetricName[];
}

/**
 * The config against the task the data decided (loadConfig's taskFromData left those checks here): with
 * task auto, the output layer, loss, metrics and monitors are checked against the inferred task, and
 * a misfit names that inference first (the root cause), then the fixes.
 */
export async function resolveAgainstData(loaded: LoadedConfig, data: PreparedData): Promise<Resolved> {
  const { classWeightProblems, dataFormat, defaultLoss, defaultMetrics, inferredTaskCause, outputLayer, shapeProblems, taskProblems } = await import("../config/rules.js");
  const { inferredTaskReason } = await import("../data/index.js");
  const config = loaded.config;
  const task = data.task;
  const loss = config.loss ?? defaultLoss(task);
  const metrics = config.metrics ?? defaultMetrics(task);
  const problems: Problem[] = [];
  if (config.data.task === "auto") {
    const misfit = taskProblems(config, task);
    if (misfit.length > 0) {
      const format = dataFormat(config.data);
      problems.push(inferredTaskCause(task, inferredTaskReason(task, data.target, data.classes, format), config.data), ...misfit);
    }
  }
  const output = outputLayer(config);
  if (output) {
    const nOut = data.train.nOut;
    if (output.units !== undefined && output.units !== nOut) {
      const what = task === "regression" ? `target${nOut === 1 ? "" : "s"}` : task === "binary" ? "output (binary: one sigmoid unit)" : task === "multilabel" ? "labels" : "classes";
      problems.push({
        path: ["model", "layers", output.index, "units"],
        message: `the last dense layer has ${output.units} unit${output.units === 1 ? "" : "s"} but the data has ${nOut} ${what}; set units: ${nOut} or omit it`,
      });
    }
  }
  problems.push(...classWeightProblems(config, task, data.classes));
  if (problems.length > 0) throw loaded.reject(problems, `the config does not fit the data's ${task} task`);
  const shapes = shapeProblems(config, data.shape, data.train.nOut);
  if (shapes.length > 0) throw loaded.reject(shapes, `the model's layers do not fit the data's samples of shape [${data.shape.join(", ")}]`);
  return { config: { ...config, data: { ...config.data, task }, loss, metrics }, task, loss, metrics };
}

/** The line above the first epoch of a class-weighted run: the weights, and which losses they apply to. */
function classWeightLine(balanced: boolean, weights: Record<string, number>): string {
  const list = Object.entries(weights).map(([label, w]) => `${label} ${Number(w.toPrecision(4))}`).join(", ");
  return `Class weights${balanced ? " (balanced, from the train split)" : ""}: ${list}; loss is weighted by them, val_loss and the Test loss are not`;
}

/** config.yaml's text: the resolved config under a header naming the version, run and seed. */
export async function resolvedConfigYaml(config: Resolved["config"]): Promise<string> {
  const { configToYaml } = await import("../config/to_yaml.js");
  return configToYaml(config, `mltrain ${packageVersion()}: the resolved config of run "${config.name}" (seed ${config.seed})`);
}

async function runFit(file: string, opts: FitOptions, io: CliIo): Promise<void> {
  const { loadConfig } = await import("../config/load.js");
  const { loadData } = await import("../data/index.js");
  const { buildModel, createKernels, Rng } = await import("../engine/index.js");
  const { checkRunDir, checkRunDirLock, readCheckpoint, readModelFile, StagedRun, writeCheckpoint } = await import("../io/index.js");
  const train = await import("../train/index.js");

  const overrides = opts.seed === undefined ? opts.set : [...opts.set, `seed=${opts.seed}`];
  const loaded = await loadConfig(file, overrides, io.cwd, { taskFromData: true });
  // the run's own backend, disposed when it ends (its memory with it); the training rows live in its
  // memory: batches are gathered there without a copy of the table
  using kernels = createKernels();
  // the data's errors about a config key (target: specie) point at that key in the file too
  const data = await loadData(loaded.config.data, { baseDir: loaded.dir, seed: loaded.config.seed, alloc: (n) => kernels.alloc(n) }).catch((e: unknown) => {
    throw loaded.locate(e);
  });
  const { config, task, loss, metrics } = await resolveAgainstData(loaded, data);
  const name = config.name;
  const dir = path.resolve(io.cwd, opts.output ?? path.join("runs", name));
  const initFrom = config.model.init_from !== undefined ? path.relative(io.cwd, config.model.init_from) || config.model.init_from : undefined;
  const initLayers = config.model.init_from ? readModelFile(config.model.init_from).layers : null;
  const resumePath = opts.resume ? path.resolve(io.cwd, opts.resume) : null;
  const resume = resumePath ? readCheckpoint(resumePath) : null;
  const rows = { train: data.train.rows, validation: data.validation?.rows ?? 0, test: data.test?.rows ?? 0 };

  // Human text: stdout, or stderr with --json. Default verbosity: 1 on a TTY, 2 otherwise.
  const human: Out = opts.json ? io.stderr : io.stdout;
  const verbose = opts.verbose ?? (human.isTTY ? 1 : 2);
  const c = chalkFor(human, opts.color);
  const say = (line: string) => void (verbose > 0 && human.write(line + "\n"));
  const show = (p: string) => path.relative(io.cwd, p) || ".";
  // What the data suggests fixing in the config: on stderr, as the gradient warnings (--json keeps stdout to events).
  for (const w of data.warnings) io.stderr.write(chalkFor(io.stderr, opts.color).yellow(`Warning: ${w}`) + "\n");

  if (opts.dryRun) {
    checkRunDir(dir, show);
    checkRunDirLock(dir, show);
    // Build the model exactly as the first restart would (errors a real run would hit surface here).
    let model: ReturnType<typeof buildModel>;
    try {
      model = buildModel(config.model.layers, {
        nIn: data.train.nIn, inputShape: data.shape, nOut: data.train.nOut, maxBatch: 1, kernels, rng: Rng.derive(config.seed, train.MODEL_SALT), loss, optimizer: config.optimizer,
      });
      if (initLayers) model.loadWeights(initLayers, "config.invalid", initFrom);
    } catch (e) {
      throw loaded.locate(e);
    }
    human.write(summaryTable(name, model.summary(), data.shape));
    human.write(`Task: ${task} (loss ${loss}; metrics ${metrics.join(", ")})\n`);
    human.write(`Rows: train ${rows.train}, validation ${rows.validation}, test ${rows.test}\n`);
    human.write(`Dry run: nothing trained, nothing written (the run would write ${path.relative(io.cwd, dir) || "."}/)\n`);
    return;
  }

  // One folder, one run: the run is written into a staging folder beside `dir` while it holds dir's lock;
  // it replaces dir when it completes, else goes to dir.partial (src/io/run_dir.ts). Leaving this
  // function by an error removes the staging folder and releases the lock.
  using staged = StagedRun.open(dir, show);
  if (staged.tookOver) say(`Note: took over the lock of ${show(dir)} (left by pid ${staged.tookOver.pid}, which no longer runs)`);
  const onExit = () => staged.release();
  process.on("exit", onExit);

  // SIGINT: finish the current batch, then stop (a second Ctrl-C quits at once, the last checkpoint kept).
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) {
      try {
        staged.keepPartial();
        io.stderr.write(`mltrain: quit; the last checkpoint is in ${show(staged.partial)}\n`);
      } finally {
        process.exit(130);
      }
    }
    interrupted = true;
  };
  process.on("SIGINT", onSigint);

  const renderer = new EpochRenderer(human, verbose, c, metrics, rows.validation > 0);
  const weights = train.classWeightVector(config.training.class_weight, data.classes ?? [], data.train);
  const classWeight = weights && Object.fromEntries(data.classes!.map((label, i) => [label, weights[i]]));
  if (classWeight) say(classWeightLine(config.training.class_weight === "balanced", classWeight));
  const json = (obj: unknown) => void (opts.json && io.stdout.write(JSON.stringify(obj) + "\n"));
  const files = train.runFiles(staged.staging);
  let result: FitResult;
  try {
    const gen = train.fit({
      config, task, loss, metrics, train: data.train, validation: data.validation, classes: data.classes, inputShape: data.shape, kernels, initLayers, initFrom, resume,
      onBatch: verbose === 1 ? (p) => renderer.batch(p) : undefined,
      stopRequested: () => interrupted,
    });
    let step = await gen.next();
    while (!step.done) {
      const ev: FitEvent = step.value;
      renderer.event(ev);
      if (ev.type === "epoch_end") json({ event: "epoch_end", restart: ev.restart, epochs: ev.epochs, ...ev.logs });
      else if (ev.type === "restart_end") json({ event: "restart_end", ...ev.result, best_so_far: ev.best_so_far });
      else if (ev.type === "checkpoint") writeCheckpoint(files.checkpoint, ev.checkpoint);
      step = await gen.next();
    }
    result = step.value;
  } catch (e) {
    // A checkpoint that does not fit is named (the engine does not know the file); a config key is located.
    const unnamed = e instanceof MltrainError && e.code === "checkpoint.invalid" && e.where?.file === undefined && opts.resume !== undefined;
    throw loaded.locate(unnamed ? new MltrainError(e.code, e.message, { ...e.where, file: opts.resume }, e.details) : e);
  } finally {
    process.off("SIGINT", onSigint);
    process.off("exit", onExit);
  }

  const labels = data.classes ?? data.target;
  const evaluation = {
    train: train.evaluateSplit(result.model, data.train, task, labels),
    validation: train.evaluateSplit(result.model, data.validation, task, labels),
    test: train.evaluateSplit(result.model, data.test, task, labels),
  };
  // Regression runs keep their test (else validation) predictions for the report's scatter plots;
  // metrics.json's `predictions` says which split they are.
  const { PREDICTIONS_FILE } = await import("../report/index.js");
  const shownSplit = data.test && data.test.rows > 0 ? data.test : data.validation;
  const predictions =
    task === "regression" && shownSplit && shownSplit.rows > 0
      ? { file: PREDICTIONS_FILE, split: shownSplit === data.test ? ("test" as const) : ("validation" as const), rows: shownSplit.rows }
      : null;
  const run: RunDescription = {
    name, task, config,
    configYaml: await resolvedConfigYaml(config),
    features: data.features, shape: data.shape, preprocessing: data.preprocessing, target: data.target, classes: data.classes, rows,
    mltrainVersion: packageVersion(), predictions, classWeight,
  };
  const written = train.writeRunFolder(staged.staging, run, result, evaluation);
  if (predictions && shownSplit) {
    const { writeFileAtomic } = await import("../io/index.js");
    const { fitPredictionsCsv } = await import("./predictions_csv.js");
    const file = path.join(staged.staging, PREDICTIONS_FILE);
    writeFileAtomic(file, fitPredictionsCsv({
      targets: data.target, y: shownSplit.y, output: result.model.predict(shownSplit.x, shownSplit.rows), rowIds: shownSplit.rowIds, rows: shownSplit.rows,
    }));
    written.push(file);
  }
  if (opts.report) written.push(await (await import("./report.js")).writeHtmlReport([staged.staging], undefined, io.cwd, [dir]));
  const testValues = train.scoreLogged(evaluation.test, result.model, data.test, task, metrics);
  const testText = renderer.testLine(data.test?.rows ?? 0, testValues, train.evaluationLossName(task));
  const completed = result.status === "completed";
  if (completed) staged.commit(resumePath !== null && path.dirname(resumePath) === staged.partial);
  else staged.keepPartial();
  const shown = written.map((f) => show(staged.finalPath(f, completed)));
  const partialNote = `${show(staged.partial)}${staged.replaces ? ` (${show(dir)} is as it was)` : ""}`;
  json({
    event: "done", status: result.status, best_restart: result.bestRestart, best_epoch: result.bestEpoch,
    epochs_run: result.epochsRun, stopped_early: result.stoppedEarly, seconds: result.seconds,
    test: testValues, files: shown,
  });
  if (!opts.json && human.isTTY && verbose > 0) for (const line of (await import("./render/chart.js")).lossCurve(result.history, c, human.columns || 80)) say(line);
  for (const line of finalLines(result, testText, shown, config.training.restarts)) say(line);

  if (result.status === "diverged") {
    const d = result.diverged!;
    const lr = config.optimizer.learning_rate;
    throw new MltrainError(
      "train.diverged",
      `the loss became ${d.loss} at epoch ${d.epoch}${config.training.restarts > 1 ? ` of restart ${d.restart}` : ""} (batch ${d.step}): ` +
        `training diverged; try a lower learning rate (optimizer.learning_rate is ${lr}; e.g. --set optimizer.learning_rate=${lr / 10}) ` +
        `or training.clip_norm. The last good checkpoint (${result.checkpoint.epoch > 0 ? `epoch ${result.checkpoint.epoch}` : "the initial weights"}) and a partial report are in ${partialNote}`,
    );
  }
  if (result.status === "interrupted") {
    const ck = show(path.join(staged.partial, "checkpoint.json"));
    // The same command as this one (-o, --set, --seed: the resolved config must match the checkpoint's).
    const again = [file, ...(opts.output !== undefined ? ["-o", opts.output] : []), ...opts.set.flatMap((s) => ["--set", s])];
    if (opts.seed !== undefined) again.push("--seed", String(opts.seed));
    throw new MltrainError(
      "interrupted",
      `interrupted: checkpoint (epoch ${result.checkpoint.epoch}) and a partial report written to ${partialNote}; continue with: mltrain fit ${[...again, "--resume", ck].map(shellQuote).join(" ")}`,
    );
  }
}

/** `arg` as a POSIX shell word: as is when it is plain, else in single quotes. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}
