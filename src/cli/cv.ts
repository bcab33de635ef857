// `mltrain cv CONFIG --folds K [--repeats R] [--parallel N] [-o DIR]`: k-fold cross-validation over the config's train +
// validation rows (src/run/cv.ts), rendered: one line per fold (--verbose 2: and per epoch), the table
// of every fold's validation scores with mean and std, the files. --json: one JSON object per line on
// stdout (cv_start, fold_start, epoch_end, fold_end, done), the text on stderr. Exit codes: 0 done, 1 a
// fold diverged or an output could not be written, 2 bad config/data/flags, 130 SIGINT.
import path from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { MltrainError } from "../errors.js";
import type { CvRunResult } from "../run/cv.js";
import type { CliIo, Out } from "./io.js";
import { collect, nonNegativeInt, verbosity } from "./options.js";
import { cvHeader, cvTable, foldLine, foldName, meanStdLine } from "./render/cv_table.js";
import { epochLine, logValues, shownKeys } from "./render/epoch_log.js";
import { chalkFor } from "./color.js";

export interface CvOptions {
  folds: number;
  repeats: number;
  parallel: number;
  output?: string;
  set: string[];
  seed?: number;
  verbose?: number;
  json?: boolean;
  color: boolean;
}

/** An integer of at least `min`. */
function intAtLeast(min: number, what: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min) throw new InvalidArgumentError(`expected an integer of at least ${min} (${what})`);
    return Number(value);
  };
}

export function registerCv(program: Command, io: CliIo): void {
  program
    .command("cv")
    .description("k-fold cross-validation: train K models on the train + validation rows (the test split is set aside), score each on its fold")
    .argument("<config>", "YAML config file")
    .option("--folds <k>", "number of folds K (stratified for binary and multiclass when data.split.stratify)", intAtLeast(2, "the K of k-fold"), 5)
    .option("--repeats <r>", "repeat the K folds R times, each with its own shuffle (repeated k-fold)", intAtLeast(1, "repeats"), 1)
    .option("--parallel <n>", "folds at once, each in its own process with one engine thread (default 1: one after another in this process); the results are the same", intAtLeast(1, "processes"), 1)
    .option("-o, --output <dir>", "cv folder (default: runs/NAME-cv/): cv.json and one run folder per fold; replaced as a whole when every fold completed, else DIR.partial/")
    .option("--set <path=value>", "override a config key, VALUE parsed as YAML (repeatable)", collect, [])
    .option("--seed <n>", "override the config's seed (the folds and every fold's run derive from it)", nonNegativeInt)
    .option("--verbose <level>", "0 silent, 1 one line per fold and the table (default), 2 also one line per epoch", verbosity)
    .option("--json", "one JSON object per line on stdout (cv_start, fold_start, epoch_end, fold_end, done); text to stderr")
    .option("--no-color", "no colours, even on a TTY")
    .action(async (file: string, opts: CvOptions) => runCvCommand(file, opts, io));
}

async function runCvCommand(file: string, opts: CvOptions, io: CliIo): Promise<void> {
  const { runCv } = await import("../run/cv.js");
  const source = { file, overrides: opts.seed === undefined ? opts.set : [...opts.set, `seed=${opts.seed}`], cwd: io.cwd };
  const human: Out = opts.json ? io.stderr : io.stdout;
  const verbose = opts.verbose ?? 1;
  const say = (line: string) => void (verbose > 0 && human.write(line + "\n"));
  const show = (p: string) => path.relative(io.cwd, p) || ".";
  const json = (obj: unknown) => void (opts.json && io.stdout.write(JSON.stringify(obj) + "\n"));
  const warn = chalkFor(io.stderr, opts.color);
  const onDataWarning = (w: string) => void io.stderr.write(warn.yellow(`Warning: ${w}`) + "\n");

  // SIGINT: the running fold stops after its batch, the cv after it; a second Ctrl-C quits at once.
  let interrupted = false;
  let quit: (() => string) | null = null;
  const onSigint = () => {
    if (interrupted) {
      try {
        if (quit) io.stderr.write(`mltrain: quit; what was written is in ${show(quit())}\n`);
      } finally {
        process.exit(130);
      }
    }
    interrupted = true;
  };

  const gen = runCv(source, { folds: opts.folds, repeats: opts.repeats, parallel: opts.parallel, output: opts.output, onDataWarning, stopRequested: () => interrupted });
  let done: CvRunResult | null = null;
  let folds = opts.folds;
  let keys: string[] = [];
  let lossName = "";
  let epochKeys: string[] = [];
  try {
    let step = await gen.next();
    while (!step.done) {
      const ev = step.value;
      if (ev.type === "cv_start") {
        quit = ev.quit;
        process.on("SIGINT", onSigint);
        folds = ev.folds;
        keys = ev.metrics;
        lossName = ev.lossName;
        epochKeys = shownKeys(ev.metrics.slice(1), true);
        say(cvHeader(ev));
        json({ event: "cv_start", name: ev.name, task: ev.task, folds: ev.folds, repeats: ev.repeats, stratified: ev.stratified, shuffle: ev.shuffle, seed: ev.seed, rows: ev.rows });
      } else if (ev.type === "fold_start") {
        json({ event: "fold_start", repeat: ev.repeat, fold: ev.fold, rows: ev.rows });
      } else if (ev.type === "fold_event") {
        const e = ev.event;
        if (e.type === "epoch_end") {
          if (verbose === 2) say(`${foldName(ev.repeat, ev.fold, folds, opts.repeats)}, epoch ${e.epoch}/${e.epochs}: ${epochLine(e.steps, e.logs.seconds ?? 0, logValues(e.logs, epochKeys), e.logs.lr)}`);
          json({ event: "epoch_end", repeat: ev.repeat, fold: ev.fold, restart: e.restart, epochs: e.epochs, ...e.logs });
        } else if (e.type === "warning") {
          io.stderr.write(warn.yellow(`Warning: ${foldName(ev.repeat, ev.fold, folds, opts.repeats)}: ${e.warning.message}`) + "\n");
        }
      } else if (ev.type === "fold_end") {
        say(foldLine(ev.run, folds, opts.repeats, keys, lossName));
        json({ event: "fold_end", repeat: ev.repeat, fold: ev.fold, status: ev.run.status, epochs_run: ev.run.epochs_run, best_epoch: ev.run.best_epoch, validation: ev.run.validation, seconds: ev.seconds });
      } else if (ev.type === "writing") {
        process.off("SIGINT", onSigint);
      }
      step = await gen.next();
    }
    done = step.value;
  } finally {
    process.off("SIGINT", onSigint);
    if (done === null) await gen.return(undefined as never);
  }

  const { cv } = done;
  const where = done.status === "completed" ? done.dir : done.partial;
  const files = [show(done.file), ...cv.runs.map((r) => `${show(path.join(where, r.dir))}/`)];
  json({ event: "done", status: cv.status, mean: cv.mean, std: cv.std, files });
  if (cv.runs.length > 0) {
    say("");
    for (const line of cvTable(cv)) say(line);
    say("");
    say(meanStdLine(cv));
  }
  say("Wrote:");
  for (const f of files) say(`  ${f}`);

  const partialNote = `${show(done.partial)}${done.replaces ? ` (${show(done.dir)} is as it was)` : ""}`;
  if (done.status === "diverged") {
    const bad = cv.runs.filter((r) => r.status === "diverged").map((r) => foldName(r.repeat, r.fold, cv.folds, cv.repeats).toLowerCase());
    throw new MltrainError(
      "train.diverged",
      `training diverged in ${bad.join(", ")} (the loss became NaN or Inf; the mean and std are n/a): try a lower optimizer.learning_rate ` +
        `or training.clip_norm (\`mltrain fit\` of the config says more); every fold and cv.json are in ${partialNote}`,
    );
  }
  if (done.status === "interrupted") {
    const stopped = cv.runs.filter((r) => r.status === "interrupted").map((r) => foldName(r.repeat, r.fold, cv.folds, cv.repeats).toLowerCase());
    const completed = cv.runs.filter((r) => r.status === "completed").length;
    throw new MltrainError(
      "interrupted",
      `interrupted in ${stopped.length > 0 ? stopped.join(", ") : "the first fold"} (${completed} of ${cv.folds * cv.repeats} folds completed): ` +
        `the folds so far and cv.json are in ${partialNote}; run the same command again to start over`,
    );
  }
}
