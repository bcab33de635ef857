// Running cv's folds: one after another in this process (--parallel 1), or N at a time in a pool of
// child processes (src/run/pool.ts, one engine thread each), as one stream of steps: a fold starts,
// its training events, its outcome. Every fold is the same runFit on its own rows wherever it runs,
// so its run folder and scores do not depend on --parallel (the engine gives the same numbers on one
// thread or two). In the pool, folds are handed out in (repeat, fold) order as children free up; their
// steps interleave and outcomes come in the order folds finish. A stop (Ctrl-C) ends the running folds
// after their next batch and starts no other; an error in one fold stops the others the same way and
// is thrown once they have ended.
import path from "node:path";
import type { Kernels } from "../engine/index.js";
import type { FitEvent } from "../train/index.js";
import { FOLD_RUNNER, foldOutcome, type FoldExtra, type FoldOutcome } from "./cv_fold_job.js";
import { runFit, type FitSource } from "./fit.js";
import { JobPool, type JobHandle, type JobOutcome } from "./pool.js";
import { fromJobError } from "./pool_job.js";

/** A fold to run: which one, its run folder's name, its rows (1-based row ids). */
export interface FoldTask {
  repeat: number;
  fold: number;
  name: string;
  rows: { train: Int32Array; validation: Int32Array };
}

export type FoldStep =
  | { type: "fold_start"; task: FoldTask }
  | { type: "fold_event"; task: FoldTask; event: FitEvent }
  | { type: "fold_done"; task: FoldTask; outcome: FoldOutcome };

export interface RunFoldsOptions {
  /** The folder the fold run folders go into (cv's staging folder). */
  folder: string;
  /** Folds at once: 1 in this process, more in a pool of that many children. */
  parallel: number;
  stopRequested?: () => boolean;
  /** In-process folds' backend (default createKernels()). */
  kernels?: () => Kernels;
  /** In-process: the running fold's quit (a second Ctrl-C), or null between folds. */
  onQuit?: (quit: (() => string) | null) => void;
}

/** Run `tasks` (see the top of this file); stops after a fold that was interrupted. */
export function runFolds(source: FitSource, tasks: readonly FoldTask[], opts: RunFoldsOptions): AsyncGenerator<FoldStep, void, void> {
  return opts.parallel > 1 && tasks.length > 1 ? inPool(source, tasks, opts) : inProcess(source, tasks, opts);
}

async function* inProcess(source: FitSource, tasks: readonly FoldTask[], opts: RunFoldsOptions): AsyncGenerator<FoldStep, void, void> {
  for (const task of tasks) {
    yield { type: "fold_start", task };
    const gen = runFit(source, { output: path.join(opts.folder, task.name), fold: task.rows, stopRequested: opts.stopRequested, kernels: opts.kernels, ignoreSearch: true });
    let step = await gen.next();
    while (!step.done) {
      const ev = step.value;
      if (ev.type === "run_start") opts.onQuit?.(ev.quit);
      else if (ev.type !== "writing") yield { type: "fold_event", task, event: ev };
      step = await gen.next();
    }
    opts.onQuit?.(null);
    const outcome = foldOutcome(step.value);
    yield { type: "fold_done", task, outcome };
    if (outcome.status === "interrupted") return;
  }
}

type Queued = FoldStep | { type: "settled"; task: FoldTask; outcome: JobOutcome<FoldOutcome> };

async function* inPool(source: FitSource, tasks: readonly FoldTask[], opts: RunFoldsOptions): AsyncGenerator<FoldStep, void, void> {
  const size = Math.min(opts.parallel, tasks.length);
  await using pool = new JobPool({ size });
  const queue: Queued[] = [];
  let wake: (() => void) | null = null;
  const push = (q: Queued) => {
    queue.push(q);
    wake?.();
    wake = null;
  };
  const running = new Set<JobHandle<FoldOutcome>>();
  let next = 0;
  let stopped = false;
  let failure: Error | null = null;
  const stopAll = () => {
    stopped = true;
    for (const h of running) h.stop();
  };
  const start = () => {
    while (!stopped && running.size < size && next < tasks.length) {
      const task = tasks[next++];
      const extra: FoldExtra = { train: Array.from(task.rows.train), validation: Array.from(task.rows.validation) };
      const h = pool.run<FoldOutcome>({ source, options: { output: path.join(opts.folder, task.name), ignoreSearch: true }, runner: FOLD_RUNNER, extra }, (ev) => {
        if (ev.type === "run_start") push({ type: "fold_start", task });
        else if (ev.type !== "writing") push({ type: "fold_event", task, event: ev as unknown as FitEvent });
      });
      running.add(h);
      void h.outcome.then((outcome) => {
        running.delete(h);
        push({ type: "settled", task, outcome });
      });
    }
  };
  // Ctrl-C is polled here: the children ignore SIGINT and stop when told to.
  const poll = setInterval(() => void (!stopped && opts.stopRequested?.() && stopAll()), 50);
  try {
    start();
    while (running.size > 0 || queue.length > 0) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const q = queue.shift()!;
      if (q.type !== "settled") {
        yield q;
        continue;
      }
      const o = q.outcome;
      if (o.kind === "done") {
        yield { type: "fold_done", task: q.task, outcome: o.result };
        if (o.result.status === "interrupted") stopAll();
      } else {
        failure ??= o.kind === "error" ? fromJobError(o.error) : new Error(o.kind === "crashed" ? `fold ${q.task.name}: ${o.message}` : `fold ${q.task.name} was cancelled`);
        stopAll();
      }
      start();
    }
    if (failure) throw failure;
  } finally {
    clearInterval(poll);
  }
}
