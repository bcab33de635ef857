// Level 3, the CLI's runs from code: fit(config) is `mltrain fit` without the printing, over the same
// headless run (src/run/fit.ts): the same validation, data, training and run folder.
//
//   const run = fit("configs/iris.yaml", { set: ["training.epochs=5"], output: "runs/iris" });
//   for await (const ev of run) if (ev.type === "epoch_end") console.log(ev.epoch, ev.logs.loss);
//   const { status, dir, files, test } = await run.result;
//
// A config object (defineConfig) is validated as a file would be; its paths are relative to `cwd`, and
// its problems name key paths (`fit config: training.epochz: unknown key; did you mean epochs?`).
import { runFit, type FitRunResult, type FitSource, type RunEvent } from "../run/fit.js";
import type { ConfigInput } from "./define_config.js";
import { Events } from "./events.js";

export interface FitConfigOptions {
  /** The folder relative paths are resolved against (default process.cwd()). */
  cwd?: string;
  /** `--set PATH=VALUE` overrides, applied in order (VALUE parsed as YAML). */
  set?: readonly string[];
  /** --seed N: the same as set: ["seed=N"]. */
  seed?: number;
  /** -o DIR: the run folder (default runs/NAME; `{name}` and `{n}` as the CLI's). */
  output?: string;
  /** false: refuse a run folder that exists (--no-overwrite). */
  overwrite?: boolean;
  /** --resume: a checkpoint.json to continue from. */
  resume?: string;
  /** --report: also write report.html. */
  report?: boolean;
  /** Stops the run after the current batch (status "interrupted", its folder kept as DIR.partial, as Ctrl-C). */
  signal?: AbortSignal;
  /** Each thing the data suggests fixing in the config (the CLI prints them as warnings). */
  onWarning?: (warning: string) => void;
}

export type { FitRunResult, RunEvent };

/** A run's FitSource: a file's path as given, or a config object as its JSON text named `label` (name default "run"). */
export function configSource(config: string | ConfigInput, label: string, options: { cwd?: string; set?: readonly string[]; seed?: number }): FitSource {
  const cwd = options.cwd ?? process.cwd();
  const overrides = [...(options.set ?? []), ...(options.seed !== undefined ? [`seed=${options.seed}`] : [])];
  if (typeof config === "string") return { file: config, overrides, cwd };
  return { file: label, overrides, cwd, text: JSON.stringify({ name: "run", ...config }) };
}

/** Train `config` (a YAML file's path, or a config object) as `mltrain fit` does: the events, then `result` (status, files, test scores, folders). */
export function fit(config: string | ConfigInput, options: FitConfigOptions = {}): Events<RunEvent, FitRunResult> {
  const signal = options.signal;
  return new Events(
    runFit(configSource(config, "fit config", options), {
      output: options.output, overwrite: options.overwrite, resume: options.resume, report: options.report,
      onDataWarning: options.onWarning,
      stopRequested: signal ? () => signal.aborted : undefined,
    }),
  );
}
