// tune(configPath): `mltrain tune` from code, over the same headless study (src/run/tune.ts): the
// config's search:, trials in child processes, the study folder (study.jsonl, study.csv, best.yaml).
//
//   const run = tune("study.yaml", { trials: 20 });
//   for await (const ev of run) if (ev.type === "trial_end") console.log(ev.trial, ev.end);
//   const { best, files } = await run.result;
//
// A path only: each trial is a child process that reads the config file (with the trial's --set).
import { runTune, type TuneEvent, type TuneResult } from "../run/tune.js";
import { Events } from "./events.js";
import { configSource } from "./fit.js";

export interface TuneOptions {
  /** The folder relative paths are resolved against (default process.cwd()). */
  cwd?: string;
  /** `--set PATH=VALUE` overrides of the base config. */
  set?: readonly string[];
  /** --seed N. */
  seed?: number;
  /** -o DIR: the study folder (default runs/NAME-tune); running again resumes it. */
  output?: string;
  /** --trials N: the total trials (default search.trials). */
  trials?: number;
  /** --parallel N: trial processes at once (default search.parallel). */
  parallel?: number | "auto";
  /** Stops the running trials after their next batch; the study ends "interrupted" (and resumes later). */
  signal?: AbortSignal;
}

export type { TuneEvent, TuneResult };

/** Run the study of the config file `configPath` (its search: section) as `mltrain tune` does. */
export function tune(configPath: string, options: TuneOptions = {}): Events<TuneEvent, TuneResult> {
  return new Events(runTune(configSource(configPath, "tune config", options), { output: options.output, trials: options.trials, parallel: options.parallel, signal: options.signal }));
}
