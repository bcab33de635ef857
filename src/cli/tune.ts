// `mltrain tune CONFIG`: the headless study (src/run/tune.ts) with its events rendered: a live table on
// a terminal, one line per finished trial on a pipe, JSON lines with --json (trial_start, trial_epoch,
// trial_end, done; text to stderr). At the end the top 10 trials and where study.csv and best.yaml are.
// Exit codes: 0 done, 2 bad config/search/study folder (before any trial runs), 130 Ctrl-C (the running
// trials stop after their next batch; rerun the same command to resume; a second Ctrl-C quits at once).
import path from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { MltrainError } from "../errors.js";
import type { TuneEvent, TuneResult } from "../run/tune.js";
import type { JournalTrial } from "../run/study_journal.js";
import type { Params } from "../tune/types.js";
import { chalkFor } from "./color.js";
import type { CliIo, Out } from "./io.js";
import { collect } from "./options.js";
import { LiveTable, topTable, trialEndLine } from "./render/tune_log.js";

export interface TuneOptions {
  output?: string;
  trials?: number;
  parallel?: number | "auto";
  json?: boolean;
  set: string[];
  color: boolean;
}

function positiveInt(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError("expected a positive integer");
  return Number(value);
}

function parallelArg(value: string): number | "auto" {
  if (value.trim() === "auto") return "auto";
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError('expected a positive integer or "auto"');
  return Number(value);
}

export function registerTune(program: Command, io: CliIo): void {
  program
    .command("tune")
    .description("search the config's search: space; each trial a run folder under the study folder; rerun to resume")
    .argument("<config>", "YAML config file with a search: section")
    .option("-o, --output <dir>", "study folder (default: runs/NAME-tune/); rerunning the same command resumes it")
    .option("--trials <n>", "total trials (default: search.trials); raises a resumed study's total", positiveInt)
    .option("--parallel <n>", "trial processes, or auto = the machine's cores (default: search.parallel)", parallelArg)
    .option("--json", "one JSON object per line on stdout (trial_start, trial_epoch, trial_end, done); text to stderr")
    .option("--set <path=value>", "override a config key, VALUE parsed as YAML (repeatable)", collect, [])
    .option("--no-color", "no colours, even on a TTY")
    .action(async (file: string, opts: TuneOptions) => runTuneCommand(file, opts, io));
}

async function runTuneCommand(file: string, opts: TuneOptions, io: CliIo): Promise<void> {
  const { runTune } = await import("../run/tune.js");
  const human: Out = opts.json ? io.stderr : io.stdout;
  const c = chalkFor(human, opts.color);
  const say = (line: string) => void human.write(line + "\n");
  const json = (obj: unknown) => void (opts.json && io.stdout.write(JSON.stringify(obj) + "\n"));
  // relative to the current folder, unless it lies outside it
  const show = (p: string) => {
    const r = path.relative(io.cwd, p) || ".";
    return r.startsWith("..") ? p : r;
  };

  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(130); // the children end with our IPC channel
    abort.abort();
    io.stderr.write("mltrain: stopping the running trials after their next batch (Ctrl-C again quits at once)\n");
  };
  process.on("SIGINT", onSigint);

  const params = new Map<number, Params>();
  let paths: readonly string[] = [];
  let metric = "";
  let minimize = true;
  let best: { trial: number; value: number } | null = null;
  let live: LiveTable | null = null;
  const gen = runTune({ file, overrides: opts.set, cwd: io.cwd }, { output: opts.output, trials: opts.trials, parallel: opts.parallel, signal: abort.signal });
  let result: TuneResult | null = null;
  try {
    let step = await gen.next();
    while (!step.done) {
      render(step.value);
      step = await gen.next();
    }
    result = step.value;
  } finally {
    process.off("SIGINT", onSigint);
    if (result === null) await gen.return(undefined as never);
  }

  function render(ev: TuneEvent): void {
    if (ev.type === "study_start") {
      paths = ev.parameters;
      metric = ev.metric;
      minimize = ev.direction === "minimize";
      const how = `${ev.parallel} process${ev.parallel === 1 ? "" : "es"}, ${metric} (${minimize ? "min" : "max"})`;
      say(ev.resumed ? `Resuming the study in ${show(ev.dir)}: ${ev.kept} of ${ev.trials} trials done; ${how}` : `Study in ${show(ev.dir)}: ${ev.trials} trials, ${how}`);
      if (!opts.json && human.isTTY) live = new LiveTable(human, c, paths, metric);
      return;
    }
    if (ev.type === "trial_start") {
      params.set(ev.trial, ev.params);
      json({ event: "trial_start", trial: ev.trial, params: ev.params, dir: show(ev.dir) });
      live?.start(ev.trial, ev.params);
      return;
    }
    if (ev.type === "trial_epoch") {
      json({ event: "trial_epoch", trial: ev.trial, epoch: ev.epoch, value: ev.value, metrics: ev.metrics });
      live?.epoch(ev.trial, ev.epoch, ev.epochs, ev.value);
      return;
    }
    const e = ev.end;
    const better = e.type === "complete" && (best === null || (minimize ? e.value < best.value : e.value > best.value));
    if (better) best = { trial: e.trial, value: e.value };
    const { type: status, trial, ...rest } = e;
    json({ event: "trial_end", trial, status, ...rest, best: better });
    const p = params.get(e.trial) ?? {};
    if (live) live.end(e, p, best?.trial ?? null);
    else if (!opts.json) say(trialEndLine(e, p, paths, metric, better));
  }

  const done = result;
  json({ event: "done", status: done.status, best: done.best && bestJson(done.best), files: done.files.map(show) });
  const top = topTable(done.trials, paths, metric, minimize, done.best?.number ?? null, c);
  if (top.length > 1) {
    say(`\nTop ${top.length - 1} of ${done.trials.filter((t) => t.end !== null).length} finished trials by ${metric}:`);
    for (const line of top) say(line);
  }
  if (done.status === "interrupted") {
    const again = ["mltrain", "tune", file, ...(opts.output !== undefined ? ["-o", opts.output] : []), ...opts.set.flatMap((s) => ["--set", s])];
    throw new MltrainError("interrupted", `interrupted: the journal ${show(path.join(done.dir, "study.jsonl"))} keeps every finished trial; rerun the same command to resume: ${again.join(" ")}`);
  }
  const csv = done.files.find((f) => f.endsWith("study.csv"));
  const yaml = done.files.find((f) => f.endsWith("best.yaml"));
  say(`\nTrials: ${csv ? show(csv) : "-"}`);
  if (yaml && done.best) say(`Best: trial ${done.best.number}, its config in ${show(yaml)} (train it: mltrain fit ${show(yaml)})`);
  else say("Best: no trial completed, so there is no best.yaml");
}

function bestJson(t: JournalTrial): unknown {
  return { trial: t.number, value: t.end?.type === "complete" ? t.end.value : null, params: t.params };
}
