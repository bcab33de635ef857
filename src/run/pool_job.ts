// A pool job (src/run/pool.ts) as plain JSON, and the default runner that a pool child runs it with: a
// headless fit (runFit) whose events and result come back over IPC. A job names its runner by module
// URL (`runner`), so a caller adds a job kind (cv's folds, say) by writing a module that exports
// `runJob(job, ctx)`, without touching the pool; `extra` is that runner's own JSON input.
import { createKernels } from "../engine/index.js";
import { MltrainError, type ErrorCode, type Where } from "../errors.js";
import type { HistoryRow, RunStatus } from "../io/index.js";
import { runFit, type FitSource, type RunFitOptions } from "./fit.js";

/** The serialisable part of RunFitOptions (no callbacks: the child supplies kernels and stopRequested). */
export type JobFitOptions = Pick<RunFitOptions, "output" | "overwrite" | "resume" | "report" | "ignoreSearch">;

export interface PoolJob {
  source: FitSource;
  options: JobFitOptions;
  /** Engine threads of the child's kernels (createKernels({threads})). */
  threads: number;
  /**
   * Event types after which the child pauses until the caller answers (JobHandle.proceed): how a
   * pruner decides a trial's fate at an epoch before the next epoch starts. Default: none.
   */
  pauseAfter?: readonly string[];
  /** Module URL of the runner (exports runJob); default: this file's fit runner. */
  runner?: string;
  /** The runner's own input (cv: a fold's row ids); the pool passes it on untouched. */
  extra?: unknown;
}

/** What a runner gets from the child besides its job. */
export interface JobContext {
  /** Polled after every batch: the caller asked the job to stop (pruned, Ctrl-C). */
  stopRequested: () => boolean;
}

/** A runner: events (structured-cloneable data) as it goes, a cloneable result at the end; errors are thrown. */
export type JobRunner = (job: PoolJob, ctx: JobContext) => AsyncGenerator<JobEvent, unknown, void>;

export type JobEvent = { type: string } & Record<string, unknown>;

/** An error as it crosses the process boundary: a MltrainError's fields, or an unexpected error's stack. */
export interface JobError {
  code: ErrorCode | "internal";
  message: string;
  where?: Where;
  details: readonly string[];
  stack?: string;
}

/** The default runner's result: what a caller needs of a finished fit. */
export interface FitJobResult {
  status: RunStatus;
  /** The run folder, and DIR.partial where a failed/stopped run's files are. */
  dir: string;
  partial: string;
  /** The kept restart's history (one row per epoch). */
  history: HistoryRow[];
  bestEpoch: number;
  /** The epoch whose weights the model kept: the best one with early_stopping.restore_best, else the last. */
  keptEpoch: number;
  epochsRun: number;
  seconds: number;
  diverged: { restart: number; epoch: number; step: number; loss: number } | null;
  test: Record<string, number | null> | null;
  files: string[];
}

export function toJobError(e: unknown): JobError {
  if (e instanceof MltrainError) return { code: e.code, message: e.message, where: e.where, details: [...e.details] };
  const err = e instanceof Error ? e : new Error(String(e));
  return { code: "internal", message: err.message, details: [], stack: err.stack };
}

/** The job error as a MltrainError again (an internal one as a plain Error with the child's stack). */
export function fromJobError(e: JobError): Error {
  if (e.code === "internal") return Object.assign(new Error(e.message), { stack: e.stack });
  return new MltrainError(e.code, e.message, e.where, e.details);
}

/** The default runner: runFit on the job's config, events without the callbacks and checkpoints. */
export async function* runJob(job: PoolJob, ctx: JobContext): AsyncGenerator<JobEvent, FitJobResult, void> {
  const gen = runFit(job.source, { ...job.options, kernels: () => createKernels({ threads: job.threads }), stopRequested: ctx.stopRequested });
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
  const r = step.value;
  const restore = r.config.training.early_stopping?.restore_best === true && r.result.bestEpoch > 0;
  return {
    keptEpoch: restore ? r.result.bestEpoch : r.result.history.length,
    status: r.status, dir: r.dir, partial: r.partial, history: r.result.history, bestEpoch: r.result.bestEpoch,
    epochsRun: r.result.epochsRun, seconds: r.result.seconds, diverged: r.result.diverged ?? null, test: r.test.values, files: r.files,
  };
}
