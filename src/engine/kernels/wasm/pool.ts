// Worker threads that run the same WebAssembly kernels on the same shared memory. One job at a time:
// the main thread writes the job (op + arguments + each thread's share) into the control block at the
// start of the memory, bumps SEQ and notifies; every thread (main included, as thread 0) runs its
// share; each worker then increments DONE and the main thread waits for DONE to reach the number of
// workers. Synchronisation is Atomics only (no postMessage per call): workers spin for a while on SEQ
// before they sleep in Atomics.wait, so a job that follows another within ~0.1 ms starts at once.
import { Worker } from "node:worker_threads";
import type { WasmMemory, WasmModule } from "./api.js";

/** Control block: Int32 word indices (the same words read as Float32 for float arguments). */
export const CTL = {
  SEQ: 0,
  DONE: 1,
  OP: 2,
  ERR: 3,
  /** TOKEN, TOKEN + 1: random words that identify the memory (see WasmKernels.own) */
  TOKEN: 4,
  /** READY + tid: 1 once worker tid has instantiated the module */
  READY: 8,
  /** first argument word (ARG..ARG+31) */
  ARG: 16,
  /** SHARE + 4*tid: the thread's share (i0, i1, j0, j1 or start, count) */
  SHARE: 48,
  /** SCRATCH + tid: byte address of the thread's gemm scratch */
  SCRATCH: 80,
  /** bytes reserved for the control block */
  BYTES: 1024,
  MAX_THREADS: 8,
} as const;

export const OP = { QUIT: 0, GEMM: 1, ADAM: 2 } as const;

// The worker's whole program (a CommonJS script run with eval: true, so it works from src/ under
// vitest and from dist/ alike). `run` must match WasmKernels's calls for thread 0.
const WORKER_SOURCE = `
"use strict";
const { workerData } = require("node:worker_threads");
const { module, memory, tid, spin } = workerData;
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
const I = new Int32Array(memory.buffer, 0, ${CTL.BYTES / 4});
const F = new Float32Array(memory.buffer, 0, ${CTL.BYTES / 4});
function run() {
  const s = ${CTL.SHARE} + 4 * tid;
  const a = ${CTL.ARG};
  switch (I[${CTL.OP}]) {
    case ${OP.GEMM}:
      ex.gemm_part(I[a], I[a + 1], I[a + 2], I[a + 3], I[a + 4], I[a + 5], I[a + 6], I[a + 7], I[a + 8],
        I[s], I[s + 1], I[s + 2], I[s + 3], I[${CTL.SCRATCH} + tid], I[a + 9]);
      break;
    case ${OP.ADAM}: {
      const o = 4 * I[s];
      ex.adam(I[s + 1], I[a] + o, I[a + 1] + o, I[a + 2] + o, I[a + 3] + o,
        F[a + 4], F[a + 5], F[a + 6], F[a + 7], F[a + 8], F[a + 9], F[a + 10], F[a + 11]);
      break;
    }
  }
}
Atomics.store(I, ${CTL.READY} + tid, 1);
let seen = Atomics.load(I, ${CTL.SEQ});
for (;;) {
  let s = Atomics.load(I, ${CTL.SEQ});
  for (let i = 0; s === seen; i++) {
    if (i >= spin) { Atomics.wait(I, ${CTL.SEQ}, seen); i = 0; }
    s = Atomics.load(I, ${CTL.SEQ});
  }
  seen = s;
  if (I[${CTL.OP}] === ${OP.QUIT}) break;
  try { run(); } catch (e) { Atomics.store(I, ${CTL.ERR}, 1); }
  Atomics.add(I, ${CTL.DONE}, 1);
  Atomics.notify(I, ${CTL.DONE});
}
`;

/** Spin iterations (Atomics.load) before sleeping; ~100 µs on this machine. */
const SPIN = 20000;

export class ThreadPool {
  /** Threads in all, the main one included. */
  readonly threads: number;
  private readonly workers: Worker[] = [];
  private readonly I: Int32Array;
  private ready = false;
  private done = 0;

  constructor(module: WasmModule, memory: WasmMemory, threads: number) {
    this.threads = Math.max(1, Math.min(threads, CTL.MAX_THREADS));
    this.I = new Int32Array(memory.buffer, 0, CTL.BYTES / 4);
    for (let tid = 1; tid < this.threads; tid++) {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, tid, spin: SPIN } });
      w.unref(); // a pool never keeps the process alive
      this.workers.push(w);
    }
  }

  /** The control words, for writing a job's arguments before `run`. */
  get ctl(): Int32Array {
    return this.I;
  }

  /** Whether every worker is up (until then the main thread does all the work itself). */
  isReady(): boolean {
    if (this.ready) return true;
    for (let tid = 1; tid < this.threads; tid++) if (Atomics.load(this.I, CTL.READY + tid) !== 1) return false;
    this.ready = true;
    return true;
  }

  /** Starts the job whose arguments are in the control block on every worker (not on the main thread). */
  start(op: number): void {
    const I = this.I;
    I[CTL.OP] = op;
    this.done = Atomics.load(I, CTL.DONE) + this.workers.length;
    Atomics.add(I, CTL.SEQ, 1);
    Atomics.notify(I, CTL.SEQ);
  }

  /** Waits until every worker has finished the job started last. */
  wait(): void {
    const I = this.I;
    let d = Atomics.load(I, CTL.DONE);
    for (let i = 0; d !== this.done; i++) {
      if (i >= SPIN) {
        Atomics.wait(I, CTL.DONE, d, 1);
        i = 0;
      }
      d = Atomics.load(I, CTL.DONE);
    }
    if (I[CTL.ERR] !== 0) {
      I[CTL.ERR] = 0;
      throw new Error("a kernel worker thread failed");
    }
  }

  /** Stops the workers (the pool is unusable afterwards). */
  close(): void {
    if (this.workers.length === 0) return;
    this.I[CTL.OP] = OP.QUIT;
    Atomics.add(this.I, CTL.SEQ, 1);
    Atomics.notify(this.I, CTL.SEQ);
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
  }
}
