// A pool child (forked by src/run/pool.ts, run from dist/run/pool_child.js): runs one job at a time with
// the job's runner and sends its events, then its result or error, back over IPC. Ctrl-C at the
// terminal reaches the whole process group: the child ignores SIGINT, its parent decides (it sends
// "stop"). When the parent goes away (exit, kill -9) the IPC channel closes and the child ends itself at
// once (SIGKILL: no batch more, no half-written folder); the next run of the same folder takes over its
// dead lock and clears its staging folder (src/io/run_dir.ts), as after any crash.
import { pathToFileURL } from "node:url";
import { runJob as runFitJob, toJobError, type JobEvent, type JobRunner, type PoolJob } from "./pool_job.js";

/** Parent → child. */
export type ToChild = { type: "run"; id: number; job: PoolJob } | { type: "stop"; id: number } | { type: "proceed"; id: number; stop: boolean };
/** Child → parent. */
export type FromChild = { type: "event"; id: number; event: JobEvent } | { type: "done"; id: number; result: unknown } | { type: "error"; id: number; error: ReturnType<typeof toJobError> };

/** The running job: its stop flag, and the parent's answers to pauses (one may come before the pause is awaited). */
interface Current {
  id: number;
  stop: boolean;
  answers: boolean[];
  waiting: ((stop: boolean) => void) | null;
}
let current: Current | null = null;

function answer(me: Current): Promise<boolean> {
  const early = me.answers.shift();
  if (early !== undefined) return Promise.resolve(early);
  return new Promise((resolve) => (me.waiting = resolve));
}

function send(msg: FromChild): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) return resolve();
    process.send!(msg, undefined, {}, () => resolve());
  });
}

async function loadRunner(url: string | undefined): Promise<JobRunner> {
  if (url === undefined) return runFitJob;
  const mod = (await import(url.startsWith("file:") ? url : pathToFileURL(url).href)) as { runJob?: JobRunner };
  if (typeof mod.runJob !== "function") throw new Error(`the job runner ${url} exports no runJob function`);
  return mod.runJob;
}

async function run(id: number, job: PoolJob): Promise<void> {
  const me: Current = { id, stop: false, answers: [], waiting: null };
  current = me;
  const pauseAfter = new Set(job.pauseAfter ?? []);
  try {
    const runner = await loadRunner(job.runner);
    const gen = runner(job, { stopRequested: () => me.stop });
    let step = await gen.next();
    while (!step.done) {
      const ev = step.value;
      await send({ type: "event", id, event: ev });
      if (pauseAfter.has(ev.type) && !me.stop) {
        if (await answer(me)) me.stop = true;
      }
      step = await gen.next();
    }
    await send({ type: "done", id, result: step.value });
  } catch (e) {
    await send({ type: "error", id, error: toJobError(e) });
  } finally {
    current = null;
  }
}

process.on("SIGINT", () => {});
process.on("disconnect", () => process.kill(process.pid, "SIGKILL"));
process.on("message", (msg: ToChild) => {
  if (msg.type === "run") void run(msg.id, msg.job);
  else if (current?.id === msg.id) {
    const stop = msg.type === "stop" || msg.stop;
    if (msg.type === "stop") current.stop = true;
    const waiting = current.waiting;
    current.waiting = null;
    if (waiting) waiting(stop);
    else if (msg.type === "proceed") current.answers.push(stop);
  }
});
