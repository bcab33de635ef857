// A pool of child processes that each run one headless job at a time (src/run/pool_child.ts; the
// default job is a fit, src/run/pool_job.ts) and stream its events back over IPC.
//
//   await using pool = new JobPool({ size: 2 });            // 2 children, 1 engine thread each
//   const h = pool.run(job, (ev) => ...);                   // queued until a child is free
//   if (pruned) h.stop();                                   // the job ends after its next batch
//   const out = await h.outcome;                            // done | error | crashed | cancelled
//
// A child that dies (a crash, a kill) fails its job as "crashed" and is replaced for the next job.
// dispose() ends every child and waits for them: no process outlives the pool.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { FromChild, ToChild } from "./pool_child.js";
import type { JobError, JobEvent, PoolJob } from "./pool_job.js";

export interface PoolOptions {
  /** Child processes (at most this many jobs at once). */
  size: number;
  /** Engine threads per child when a job gives none: 1 when size > 1 (trials side by side), else 2. */
  threads?: number;
  /** The child's entry file (default dist/run/pool_child.js: src/run and dist/run are both two levels down). */
  entry?: string;
}

export type JobOutcome<R> =
  | { kind: "done"; result: R }
  | { kind: "error"; error: JobError }
  /** The child died while running the job (exitCode/signal as node reports them; stderr's last lines). */
  | { kind: "crashed"; exitCode: number | null; signal: string | null; message: string }
  /** The pool was disposed before the job started. */
  | { kind: "cancelled" };

export interface JobHandle<R> {
  readonly id: number;
  /** Never rejects. */
  readonly outcome: Promise<JobOutcome<R>>;
  /** The child's pid once the job runs (tests: kill it). */
  pid(): number | undefined;
  /** End the job after its next batch (also answers a pause with "stop"). */
  stop(): void;
  /** Answer a pause (job.pauseAfter): go on, or stop after the next batch. */
  proceed(stop?: boolean): void;
}

interface Job {
  id: number;
  job: PoolJob;
  onEvent: (ev: JobEvent) => void;
  settle: (o: JobOutcome<unknown>) => void;
  child: Child | null;
  stopped: boolean;
}

interface Child {
  proc: ChildProcess;
  job: Job | null;
  stderr: string;
  exited: Promise<void>;
}

export const DEFAULT_CHILD_ENTRY = fileURLToPath(new URL("../../dist/run/pool_child.js", import.meta.url));

export class JobPool {
  readonly size: number;
  readonly threads: number;
  private readonly entry: string;
  private readonly children: Child[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private disposed = false;

  constructor(opts: PoolOptions) {
    if (!Number.isInteger(opts.size) || opts.size < 1) throw new Error(`a pool needs size >= 1, got ${opts.size}`);
    this.size = opts.size;
    this.threads = opts.threads ?? (opts.size > 1 ? 1 : 2);
    this.entry = opts.entry ?? DEFAULT_CHILD_ENTRY;
  }

  /** Queue a job; `onEvent` gets its events in order, before the outcome settles. */
  run<R = unknown>(job: Omit<PoolJob, "threads"> & { threads?: number }, onEvent: (ev: JobEvent) => void = () => {}): JobHandle<R> {
    let settle!: (o: JobOutcome<unknown>) => void;
    const outcome = new Promise<JobOutcome<unknown>>((resolve) => (settle = resolve));
    const j: Job = { id: this.nextId++, job: { ...job, threads: job.threads ?? this.threads }, onEvent, settle, child: null, stopped: false };
    if (this.disposed) settle({ kind: "cancelled" });
    else {
      this.queue.push(j);
      this.dispatch();
    }
    const send = (msg: ToChild) => {
      if (j.child?.proc.connected) j.child.proc.send(msg);
    };
    return {
      id: j.id,
      outcome: outcome as Promise<JobOutcome<R>>,
      pid: () => j.child?.proc.pid,
      stop: () => {
        j.stopped = true;
        send({ type: "stop", id: j.id });
      },
      proceed: (stop = false) => {
        if (stop) j.stopped = true;
        send({ type: "proceed", id: j.id, stop });
      },
    };
  }

  /** Pids of the live children (tests). */
  pids(): number[] {
    return this.children.map((c) => c.proc.pid!).filter((p) => p !== undefined);
  }

  /** Cancel queued jobs, end every child (their running jobs settle as crashed), wait until all have exited. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const j of this.queue.splice(0)) j.settle({ kind: "cancelled" });
    const exits = this.children.map((c) => c.exited);
    for (const c of this.children) {
      if (c.proc.connected) c.proc.disconnect(); // the child exits on disconnect, running its exit handlers
      const timer = setTimeout(() => c.proc.kill("SIGKILL"), 10_000);
      void c.exited.then(() => clearTimeout(timer));
    }
    await Promise.all(exits);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let child = this.children.find((c) => c.job === null);
      if (!child) {
        if (this.children.length >= this.size) return;
        child = this.spawn();
      }
      const j = this.queue.shift()!;
      child.job = j;
      j.child = child;
      child.proc.send({ type: "run", id: j.id, job: j.job } satisfies ToChild);
      if (j.stopped) child.proc.send({ type: "stop", id: j.id } satisfies ToChild);
    }
  }

  private spawn(): Child {
    const proc = fork(this.entry, [], { stdio: ["ignore", "ignore", "pipe", "ipc"], serialization: "advanced", execArgv: [] });
    let exited!: () => void;
    const child: Child = { proc, job: null, stderr: "", exited: new Promise<void>((resolve) => (exited = resolve)) };
    proc.stderr!.setEncoding("utf8");
    proc.stderr!.on("data", (s: string) => void (child.stderr = (child.stderr + s).slice(-4000)));
    proc.on("message", (msg: FromChild) => this.onMessage(child, msg));
    proc.on("error", () => {}); // a failed send to a dying child: its exit settles the job
    proc.on("exit", (exitCode, signal) => {
      const i = this.children.indexOf(child);
      if (i >= 0) this.children.splice(i, 1);
      const j = child.job;
      child.job = null;
      if (j) {
        const why = this.disposed ? "the pool was disposed" : signal ? `killed by ${signal}` : `exited with code ${exitCode}`;
        const tail = child.stderr.trim().split("\n").slice(-5).join("\n");
        j.settle({ kind: "crashed", exitCode, signal, message: `the job's process ${why}${tail ? `: ${tail}` : ""}` });
      }
      exited();
      if (!this.disposed) this.dispatch();
    });
    this.children.push(child);
    return child;
  }

  private onMessage(child: Child, msg: FromChild): void {
    const j = child.job;
    if (!j || j.id !== msg.id) return;
    if (msg.type === "event") {
      j.onEvent(msg.event);
      return;
    }
    child.job = null;
    j.settle(msg.type === "done" ? { kind: "done", result: msg.result } : { kind: "error", error: msg.error });
    this.dispatch();
  }
}
