// `mltrain fit CONFIG`: the headless run (src/run/fit.ts: load and check the config, load and split the
// data, train, write the run folder) with its events rendered as Keras logs or JSON lines. Exit codes: 0
// done, 1 diverged or I/O failure, 2 bad config/data or an -o that cannot be written or is locked, 130
// SIGINT (after a checkpoint and a partial report).
import path from "node:path";
import type { Command } from "commander";
import { MltrainError } from "../errors.js";
import type { FitRunResult } from "../run/fit.js";
import { chalkFor } from "./color.js";
import type { CliIo, Out } from "./io.js";
import { collect, nonNegativeInt, verbosity } from "./options.js";
import { EpochRenderer, finalLines } from "./render/fit_log.js";
import { summaryTable } from "./render/summary_table.js";

export interface FitOptions {
  output?: string;
  /** false with --no-overwrite. */
  overwrite?: boolean;
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
    .option("-o, --output <dir>", "run folder (default: runs/NAME/); replaced as a whole when the run completes, a failed run goes to DIR.partial/; {name} is the config's name, {n} the next free number (-o 'runs/{name}-{n}')")
    .option("--no-overwrite", "refuse a run folder that exists (exit 2) instead of replacing it")
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

/** The line above the first epoch of a class-weighted run: the weights, and which losses they apply to. */
function classWeightLine(balanced: boolean, weights: Record<string, number>): string {
  const list = Object.entries(weights).map(([label, w]) => `${label} ${Number(w.toPrecision(4))}`).join(", ");
  return `Class weights${balanced ? " (balanced, from the train split)" : ""}: ${list}; loss is weighted by them, val_loss and the Test loss are not`;
}

async function runFit(file: string, opts: FitOptions, io: CliIo): Promise<void> {
  const { dryRunFit, runFit: run } = await import("../run/fit.js");
  const source = { file, overrides: opts.seed === undefined ? opts.set : [...opts.set, `seed=${opts.seed}`], cwd: io.cwd };

  // Human text: stdout, or stderr with --json. Default verbosity: 1 on a TTY, 2 otherwise.
  const human: Out = opts.json ? io.stderr : io.stdout;
  const verbose = opts.verbose ?? (human.isTTY ? 1 : 2);
  const c = chalkFor(human, opts.color);
  const say = (line: string) => void (verbose > 0 && human.write(line + "\n"));
  const show = (p: string) => path.relative(io.cwd, p) || ".";

  // What the data suggests fixing in the config: on stderr, as the gradient warnings (--json keeps stdout to events).
  const onDataWarning = (w: string) => void io.stderr.write(chalkFor(io.stderr, opts.color).yellow(`Warning: ${w}`) + "\n");

  if (opts.dryRun) {
    const dry = await dryRunFit(source, { output: opts.output, overwrite: opts.overwrite, resume: opts.resume, onDataWarning });
    human.write(summaryTable(dry.name, dry.summary, dry.shape));
    human.write(`Task: ${dry.task} (loss ${dry.loss}; metrics ${dry.metrics.join(", ")})\n`);
    human.write(`Rows: train ${dry.rows.train}, validation ${dry.rows.validation}, test ${dry.rows.test}\n`);
    for (const n of dry.notes) human.write(`Data: ${n}\n`);
    human.write(`Dry run: nothing trained, nothing written (the run would write ${show(dry.dir)}/)\n`);
    return;
  }

  // SIGINT while training: finish the current batch, then stop (a second Ctrl-C quits at once, the last
  // checkpoint kept as DIR.partial).
  let interrupted = false;
  let quit: (() => string) | null = null;
  const onSigint = () => {
    if (interrupted) {
      try {
        if (quit) io.stderr.write(`mltrain: quit; the last checkpoint is in ${show(quit())}\n`);
      } finally {
        process.exit(130);
      }
    }
    interrupted = true;
  };

  let renderer: EpochRenderer | null = null;
  const json = (obj: unknown) => void (opts.json && io.stdout.write(JSON.stringify(obj) + "\n"));
  const gen = run(source, {
    output: opts.output, overwrite: opts.overwrite, resume: opts.resume, report: opts.report, onDataWarning,
    onDataNote: (n) => say(`Data: ${n}`),
    onBatch: verbose === 1 ? (p) => renderer?.batch(p) : undefined,
    stopRequested: () => interrupted,
  });
  let done: FitRunResult | null = null;
  try {
    let step = await gen.next();
    while (!step.done) {
      const ev = step.value;
      if (ev.type === "run_start") {
        if (ev.tookOver) say(`Note: took over the lock of ${show(ev.dir)} (left by pid ${ev.tookOver.pid}, which no longer runs)`);
        if (ev.classWeight) say(classWeightLine(ev.classWeight.balanced, ev.classWeight.weights));
        quit = ev.quit;
        process.on("SIGINT", onSigint);
        renderer = new EpochRenderer(human, verbose, c, ev.metrics, ev.rows.validation > 0);
      } else if (ev.type === "writing") {
        process.off("SIGINT", onSigint);
      } else {
        renderer!.event(ev);
        if (ev.type === "epoch_end") json({ event: "epoch_end", restart: ev.restart, epochs: ev.epochs, ...ev.logs });
        else if (ev.type === "restart_end") json({ event: "restart_end", ...ev.result, best_so_far: ev.best_so_far });
      }
      step = await gen.next();
    }
    done = step.value;
  } finally {
    process.off("SIGINT", onSigint);
    if (done === null) await gen.return(undefined as never); // a render error: the run's folder and kernels are let go
  }

  const { result, config, test } = done;
  const testText = renderer!.testLine(test.rows, test.values, test.lossName);
  const shown = done.files.map(show);
  const partialNote = `${show(done.partial)}${done.replaces ? ` (${show(done.dir)} is as it was)` : ""}`;
  json({
    event: "done", status: result.status, best_restart: result.bestRestart, best_epoch: result.bestEpoch,
    epochs_run: result.epochsRun, stopped_early: result.stoppedEarly, seconds: result.seconds,
    test: test.values, files: shown,
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
    const ck = show(done.checkpoint);
    // The same command as this one (-o, --set, --seed: the resolved config must match the checkpoint's).
    const again = [file, ...(opts.output !== undefined ? ["-o", opts.output.includes("{") ? show(done.dir) : opts.output] : []), ...opts.set.flatMap((s) => ["--set", s])];
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
