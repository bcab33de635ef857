// cv(config): `mltrain cv` from code, over the same headless run (src/run/cv.ts): K folds of the
// train + validation rows, each a full fit in its own run folder, their scores and cv.json.
//
//   const run = cv("configs/iris.yaml", { folds: 5 });
//   for await (const ev of run) if (ev.type === "fold_end") console.log(ev.fold, ev.run.validation);
//   const { cv: report, dir } = await run.result;      // report.mean, report.std, report.runs
import { runCv, type CvEvent, type CvRunResult } from "../run/cv.js";
import type { ConfigInput } from "./define_config.js";
import { Events } from "./events.js";
import { configSource } from "./fit.js";

export interface CvOptions {
  /** --folds K (default 5, as the CLI's). */
  folds?: number;
  /** --repeats R (default 1). */
  repeats?: number;
  /** The folder relative paths are resolved against (default process.cwd()). */
  cwd?: string;
  /** `--set PATH=VALUE` overrides. */
  set?: readonly string[];
  /** --seed N. */
  seed?: number;
  /** -o DIR: the cv folder (default runs/NAME-cv). */
  output?: string;
  /** Stops the running fold after its current batch, and the cv after it (status "interrupted"). */
  signal?: AbortSignal;
  /** Each thing the data suggests fixing in the config. */
  onWarning?: (warning: string) => void;
}

export type { CvEvent, CvRunResult };

/** Cross-validate `config` (a YAML file's path, or a config object) as `mltrain cv` does. */
export function cv(config: string | ConfigInput, options: CvOptions = {}): Events<CvEvent, CvRunResult> {
  const signal = options.signal;
  return new Events(
    runCv(configSource(config, "cv config", options), {
      folds: options.folds ?? 5, repeats: options.repeats, output: options.output, onDataWarning: options.onWarning,
      stopRequested: signal ? () => signal.aborted : undefined,
    }),
  );
}
