// One cross-validation fold as a pool job (src/run/pool.ts, `mltrain cv --parallel N`): the pool child
// imports this module as the job's runner and runs runFit on the fold's rows (job.extra), streaming its
// training events; the result is what cv.json keeps of the fold. The in-process path (--parallel 1)
// makes the same FoldOutcome from the same runFit (foldOutcome).
import { fileURLToPath } from "node:url";
import { createKernels } from "../engine/index.js";
import type { RunStatus } from "../io/index.js";
import { type FitRunResult, runFit } from "./fit.js";
import type { JobContext, JobEvent, PoolJob } from "./pool_job.js";

/** job.extra of a fold job: the fold's rows (1-based row ids). */
export interface FoldExtra {
  train: number[];
  validation: number[];
}

/** What cv keeps of a finished fold run. */
export interface FoldOutcome {
  status: RunStatus;
  epochsRun: number;
  bestEpoch: number;
  seconds: number;
  /** The kept model's scores on the fold's validation rows (null when it diverged). */
  validation: Record<string, number | null> | null;
}

/** This runner as the pool child loads it (dist/run: src/run and dist/run are both two levels down). */
export const FOLD_RUNNER = fileURLToPath(new URL("../../dist/run/cv_fold_job.js", import.meta.url));

export function foldOutcome(done: FitRunResult): FoldOutcome {
  return {
    status: done.status, epochsRun: done.result.epochsRun, bestEpoch: done.result.bestEpoch, seconds: done.result.seconds,
    validation: done.status === "diverged" ? null : done.validation.values,
  };
}

/** The runner: the fold's fit, its events without the callbacks and checkpoints. */
export async function* runJob(job: PoolJob, ctx: JobContext): AsyncGenerator<JobEvent, FoldOutcome, void> {
  const fold = job.extra as FoldExtra;
  const gen = runFit(job.source, { ...job.options, fold, kernels: () => createKernels({ threads: job.threads }), stopRequested: ctx.stopRequested });
  let step = await gen.next();
  while (!step.done) {
    const ev = step.value;
    if (ev.type === "run_start") {
      const { quit: _quit, ...rest } = ev;
      yield rest;
    } else if (ev.type !== "checkpoint") {
      yield ev as JobEvent;
    }
    step = await gen.next();
  }
  return foldOutcome(step.value);
}
