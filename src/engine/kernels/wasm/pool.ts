// Worker threads that run the same WebAssembly kernels on the same shared memory, with dynamic work
// sharing: a job (a gemm, an Adam step, a sum of squares, a row gather, an image-window kernel) is cut
// into chunks (column panels, row blocks, ranges of elements or of images) that the main thread takes
// one at a time from the front and the workers from the back, through one atomic word. The main thread never waits for a worker to
// wake up or to be scheduled: on a busy machine it simply does more chunks itself, and only waits for
// chunks already grabbed. Synchronisation is Atomics only (no postMessage per call).
//
// Two job slots: the foreground job (run(): the main thread works on it and returns when it is done)
// and one background job (startBackground(): the main thread goes on with other work, workers take
// its chunks whenever they have no foreground chunk; joinBackground() does what is left and waits) —
// the next mini-batch is gathered that way while the main thread runs the small kernels of a step.
//
// Protocol (all control words at the start of the shared memory, Int32 indices in CTL), per slot:
//   main: DONE = 0; NEXT = tag(seq) << 16 (before the arguments, so that a late worker of an older job
//         fails its grab); write the arguments; SEQ = seq; BELL += 1 and notify BELL; (foreground:)
//         grab chunks, counting its own, and wait until DONE = count - its own (spinning, then with
//         SLEEPING = 1, Atomics.wait on DONE).
//   worker: wait for either SEQ to change (spin a little, then Atomics.wait on BELL); foreground: grab
//         chunks by compare-exchange on NEXT (front or back) while its tag is this job's and chunks
//         remain; background: one chunk at a time, looking for a foreground job in between; DONE += 1
//         after each chunk, and notify DONE if SLEEPING.
// NEXT and DONE, the words that both threads write, have a cache line each, and the main thread counts
// its own chunks instead of adding them to DONE: a chunk moves NEXT's line between the cores once, and
// DONE's only when a worker finishes one. (With both words and a notify per chunk on one shared line,
// the main thread spent ~6 µs outside its chunks in a 16-chunk Adam step of 32K floats; now ~3.5.)
import { Worker } from "node:worker_threads";
import type { WasmMemory, WasmModule } from "./api.js";

/** Control block: Int32 word indices (argument words are also read as Float32). */
export const CTL = {
  /** foreground job: its number */
  SEQ: 0,
  /** 1 while the main thread sleeps in Atomics.wait for a job's DONE (workers then notify DONE) */
  SLEEPING: 1,
  ERR: 3,
  /** TOKEN, TOKEN + 1: random words that identify the memory (see WasmKernels.ours) */
  TOKEN: 4,
  /** incremented (and notified) whenever a job of either slot is published: what idle workers wait on */
  BELL: 6,
  /** READY + tid: 1 once worker tid has instantiated the module */
  READY: 8,
  /** first argument word (ARG..ARG+31); ARG = op, ARG+1 = chunk count, ARG+2 = chunk size */
  ARG: 16,
  /** SCRATCH + tid: byte address of thread tid's gemm scratch */
  SCRATCH: 48,
  /** Float64 index of the per-chunk partial results (PARTIAL..PARTIAL+MAX_PARTIALS-1: bytes 256-767) */
  PARTIAL: 32,
  MAX_PARTIALS: 64,
  /** background job: its number, and its arguments from BG_ARG (16 words) */
  BG_SEQ: 192,
  BG_ARG: 200,
  /** LISTS + tid: byte address of thread tid's gemm_lists area (0: none yet) */
  LISTS: 216,
  /** LIST_JOB + tid: the gemm job whose lists that area holds */
  LIST_JOB: 224,
  /** foreground job: (seq & 0x7fff) << 16 | chunks taken from the back << 8 | chunks taken from the
   * front; then, a cache line apart each, chunks the workers finished; the same two for the background
   * job */
  NEXT: 256,
  DONE: 272,
  BG_NEXT: 288,
  BG_DONE: 304,
  /** byte address of gemm_rows_sparse's swizzle table (256 bytes, written by the module's data segment
   * whenever a thread instantiates it: the same bytes each time); wat/gemm.js SWIZZLE_TABLE */
  SWIZZLE: 1280,
  /** bytes reserved for the control block */
  BYTES: 1536,
  MAX_THREADS: 8,
  /** chunks of one job at most (NEXT counts them in 8 bits) */
  MAX_CHUNKS: 255,
} as const;

export const OP = { QUIT: 0, GEMM: 1, ADAM: 2, SUM_SQUARES: 3, GATHER: 4, WINDOW: 5 } as const;

/** The image-window kernels of an OP.WINDOW job (its argument word ARG + 14), by their export names. */
export const WINDOW_KERNELS = ["im2col", "col2im", "max_pool", "max_pool_backward"] as const;

/** The control words of one job slot. */
interface Slot {
  seq: number;
  done: number;
  next: number;
  arg: number;
}
const FG: Slot = { seq: CTL.SEQ, done: CTL.DONE, next: CTL.NEXT, arg: CTL.ARG };
const BG: Slot = { seq: CTL.BG_SEQ, done: CTL.BG_DONE, next: CTL.BG_NEXT, arg: CTL.BG_ARG };

/** The views of the control block a thread works with. */
interface Ctl {
  /** words as Int32 */
  I: Int32Array;
  /** words as Float32 */
  F: Float32Array;
  /** words as Float64 (the partial results) */
  D: Float64Array;
}

/**
 * Runs chunk c of the job whose argument words start at `a`, on thread tid.
 * Inlined into WORKER_SOURCE by its text: it may use only its arguments, CTL, OP and WINDOW_KERNELS.
 */
function runChunk(ex: Record<string, (...a: number[]) => unknown>, { I: A, F, D }: Ctl, tid: number, c: number, a: number): void {
  const size = A[a + 2];
  if (A[a] === OP.GEMM) {
    // args: ta tb m n k pA pB beta pC packB split lists job kh pP; split 0: chunks of B's column panels,
    // 1: of C's row tiles; with lists (Aᵀ·B only), each thread lists A's nonzero tiles once per job
    // (before its first chunk) in its own area. Splits 2 and 3 (A·B in two halves of k): chunks
    // 0..count/2-1 compute beta*C + A[:, 0:kh]·B[0:kh, :] into C, the others A[:, kh:k]·B[kh:k, :] into
    // pP; each chunk's block: split 2, columns lo..lo+size (gemm_part); split 3, rows lo..lo+size over
    // A's nonzeros (gemm_rows_sparse, the chunk's count of nonzeros to partial c)
    if (A[a + 13] >= 2) {
      const halves = A[a + 1] >> 1;
      const second = c >= halves;
      const lo = (second ? c - halves : c) * size;
      const m = A[a + 5];
      const n = A[a + 6];
      const k = A[a + 7];
      const kh = A[a + 16];
      const k0 = second ? kh : 0;
      const kk = second ? k - kh : kh;
      const pA = A[a + 8] + 4 * k0;
      const pB = A[a + 9] + 4 * k0 * n;
      const beta = second ? 0 : A[a + 10];
      const pC = second ? A[a + 17] : A[a + 11];
      if (A[a + 13] === 3) {
        D[CTL.PARTIAL + c] = ex.gemm_rows_sparse(lo, Math.min(m, lo + size), n, kk, 4 * k, pA, pB, beta, pC, A[CTL.SCRATCH + tid]) as number;
      } else {
        ex.gemm_part(0, 0, m, n, kk, pA, pB, beta, pC, 0, m, lo, Math.min(n, lo + size), A[CTL.SCRATCH + tid], A[a + 12], 0, 4 * k);
      }
      return;
    }
    const total = A[a + 13] === 1 ? A[a + 5] : A[a + 6];
    const lo = c * size;
    const hi = Math.min(total, lo + size);
    const rows = A[a + 13] === 1;
    let lists = 0;
    if (A[a + 14] !== 0) {
      lists = A[CTL.LISTS + tid];
      if (A[CTL.LIST_JOB + tid] !== A[a + 15]) {
        ex.gemm_lists(A[a + 5], A[a + 7], A[a + 8], lists);
        A[CTL.LIST_JOB + tid] = A[a + 15];
      }
    }
    ex.gemm_part(A[a + 3], A[a + 4], A[a + 5], A[a + 6], A[a + 7], A[a + 8], A[a + 9], A[a + 10], A[a + 11],
      rows ? lo : 0, rows ? hi : A[a + 5], rows ? 0 : lo, rows ? A[a + 6] : hi, A[CTL.SCRATCH + tid], A[a + 12], lists, 0);
  } else if (A[a] === OP.ADAM) {
    // args: n pw pg pm pv | b1 c1 b2 c2 ss ibc2s eps keep (floats); the chunk's Σ g² to partial c; keep 1
    // (no decay, or too little to change a float32 weight): the step without the product by keep
    const lo = c * size;
    const n = Math.min(A[a + 3], lo + size) - lo;
    const o = 4 * lo;
    D[CTL.PARTIAL + c] = ex.sum_squares(n, A[a + 5] + o) as number;
    const keep = F[a + 15];
    if (keep === 1) ex.adam(n, A[a + 4] + o, A[a + 5] + o, A[a + 6] + o, A[a + 7] + o, F[a + 8], F[a + 9], F[a + 10], F[a + 11], F[a + 12], F[a + 13], F[a + 14]);
    else ex.adam_decay(n, A[a + 4] + o, A[a + 5] + o, A[a + 6] + o, A[a + 7] + o, F[a + 8], F[a + 9], F[a + 10], F[a + 11], F[a + 12], F[a + 13], F[a + 14], keep);
  } else if (A[a] === OP.SUM_SQUARES) {
    // args: n px; the chunk's Σx² goes to partial c (summed in chunk order by the caller: deterministic)
    const lo = c * size;
    D[CTL.PARTIAL + c] = ex.sum_squares(Math.min(A[a + 3], lo + size) - lo, A[a + 4] + 4 * lo) as number;
  } else if (A[a] === OP.GATHER) {
    // args: count rowBytes src idx dst; the chunk's rows lo..hi
    const lo = c * size;
    ex.gather_rows(Math.min(A[a + 3], lo + size) - lo, A[a + 4], A[a + 5], A[a + 6] + 4 * lo, A[a + 7] + lo * A[a + 4]);
  } else if (A[a] === OP.WINDOW) {
    // args: inH inW kh kw sh sw outH outW padTop padLeft c | kernel src dst aux batch; the chunk's
    // images lo..hi (wat/window.js)
    const lo = c * size;
    const hi = Math.min(A[a + 18], lo + size);
    const f = ex[WINDOW_KERNELS[A[a + 14]]];
    f(A[a + 3], A[a + 4], A[a + 5], A[a + 6], A[a + 7], A[a + 8], A[a + 9], A[a + 10], A[a + 11], A[a + 12], A[a + 13], lo, hi, A[a + 15], A[a + 16], A[a + 17]);
  }
}

/**
 * Grabs and runs up to `max` chunks of job `seq` of `slot` until none is left (or the job is no longer
 * current); returns how many it ran. The main thread (tid 0) takes chunks from the front, workers from
 * the back: when both keep pace, each thread gets the same half of every job (so the rows of a weight
 * gradient that one thread computes are the ones it then updates, in its own cache); a late thread's
 * share is taken over by the other.
 */
function grabChunks(ex: Record<string, (...a: number[]) => unknown>, ctl: Ctl, tid: number, seq: number, slot: Slot, max: number): number {
  const I = ctl.I;
  const tag = seq & 0x7fff;
  const count = I[slot.arg + 1];
  let ran = 0;
  while (ran < max) {
    const v = Atomics.load(I, slot.next);
    if (v >>> 16 !== tag) break;
    const front = v & 0xff;
    const back = (v >>> 8) & 0xff;
    if (front + back >= count) break;
    if (Atomics.compareExchange(I, slot.next, v, tid === 0 ? v + 1 : v + 0x100) !== v) continue;
    runChunk(ex, ctl, tid, tid === 0 ? front : count - 1 - back, slot.arg);
    ran++;
    if (tid !== 0) {
      Atomics.add(I, slot.done, 1);
      if (Atomics.load(I, CTL.SLEEPING) !== 0) Atomics.notify(I, slot.done);
    }
  }
  return ran;
}

// The worker's whole program: a CommonJS script run with eval: true (so it works from src/ under vitest
// and from dist/ alike), with runChunk and grabChunks inlined from this file's compiled text.
const WORKER_SOURCE = `
"use strict";
const { workerData } = require("node:worker_threads");
const { module, memory, tid, spin } = workerData;
const CTL = ${JSON.stringify(CTL)};
const OP = ${JSON.stringify(OP)};
const WINDOW_KERNELS = ${JSON.stringify(WINDOW_KERNELS)};
const FG = ${JSON.stringify(FG)};
const BG = ${JSON.stringify(BG)};
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
const I = new Int32Array(memory.buffer, 0, CTL.BYTES / 4);
const ctl = { I, F: new Float32Array(memory.buffer, 0, CTL.BYTES / 4), D: new Float64Array(memory.buffer, 0, CTL.BYTES / 8) };
const runChunk = ${runChunk.toString()};
const grabChunks = ${grabChunks.toString()};
const failed = (slot) => { Atomics.store(I, CTL.ERR, 1); Atomics.add(I, slot.done, 1 << 20); Atomics.notify(I, slot.done); };
Atomics.store(I, CTL.READY + tid, 1);
let seen = Atomics.load(I, CTL.SEQ);
let seenBg = Atomics.load(I, CTL.BG_SEQ);
for (;;) {
  let s = seen;
  let b = seenBg;
  for (let i = 0; s === seen && b === seenBg; i++) {
    const bell = Atomics.load(I, CTL.BELL);
    s = Atomics.load(I, CTL.SEQ);
    b = Atomics.load(I, CTL.BG_SEQ);
    if (s === seen && b === seenBg && i >= spin) { Atomics.wait(I, CTL.BELL, bell); i = 0; }
  }
  if (s !== seen) {
    seen = s;
    if (I[CTL.ARG] === OP.QUIT) break;
    try { grabChunks(ex, ctl, tid, s, FG, Infinity); } catch (e) { failed(FG); }
  } else {
    // one background chunk, then look for a foreground job again; none left: this job is done here
    try { if (grabChunks(ex, ctl, tid, b, BG, 1) === 0) seenBg = b; } catch (e) { failed(BG); seenBg = b; }
  }
}
`;

/** Polling rounds (three Atomics.loads: BELL and both SEQs) before an idle worker sleeps: tens of µs. */
const SPIN = 5000;

export class ThreadPool {
  /** Threads in all, the main one included. */
  readonly threads: number;
  private readonly workers: Worker[] = [];
  private readonly I: Int32Array;
  private readonly ctl: Ctl;
  private readonly ex: Record<string, (...a: number[]) => unknown>;
  private ready = false;
  private seq = 0;
  private bgSeq = 0;
  /** Chunks of the background job started last (0: none to join). */
  private bgCount = 0;

  constructor(module: WasmModule, memory: WasmMemory, exports: Record<string, unknown>, threads: number) {
    this.threads = Math.max(1, Math.min(threads, CTL.MAX_THREADS));
    this.I = new Int32Array(memory.buffer, 0, CTL.BYTES / 4);
    this.ctl = { I: this.I, F: new Float32Array(memory.buffer, 0, CTL.BYTES / 4), D: new Float64Array(memory.buffer, 0, CTL.BYTES / 8) };
    this.ex = exports as Record<string, (...a: number[]) => unknown>;
    for (let tid = 1; tid < this.threads; tid++) {
      // WORKER_SOURCE is CommonJS: a worker inherits the process's flags, and `node --input-type=module -e`
      // would read it as a module (require is not defined there)
      const execArgv = process.execArgv.filter((a) => !a.startsWith("--input-type"));
      const w = new Worker(WORKER_SOURCE, { eval: true, execArgv, workerData: { module, memory, tid, spin: SPIN } });
      w.unref(); // a pool never keeps the process alive
      this.workers.push(w);
    }
  }

  /** Whether every worker is up (until then the main thread does all the work itself). */
  isReady(): boolean {
    if (this.ready) return true;
    for (let tid = 1; tid < this.threads; tid++) if (Atomics.load(this.I, CTL.READY + tid) !== 1) return false;
    this.ready = true;
    return true;
  }

  /**
   * Opens foreground job `op` of `count` chunks of `size` and returns the argument words to fill (from
   * ARG + 3); then call `run()`.
   */
  open(op: number, count: number, size: number): Int32Array {
    this.seq = (this.seq + 1) & 0x7fff;
    this.prepare(FG, this.seq, op, count, size);
    return this.I;
  }

  /**
   * Opens background job `op` (after joining the previous one) and returns the argument words to fill
   * (from BG_ARG + 3); then call `startBackground()`.
   */
  openBackground(op: number, count: number, size: number): Int32Array {
    this.joinBackground();
    this.bgSeq = (this.bgSeq + 1) & 0x7fff;
    this.prepare(BG, this.bgSeq, op, count, size);
    this.bgCount = count;
    return this.I;
  }

  private prepare(slot: Slot, seq: number, op: number, count: number, size: number): void {
    if (count > 0xff) throw new Error(`a job of ${count} chunks: at most 255`);
    const I = this.I;
    Atomics.store(I, slot.done, 0);
    Atomics.store(I, slot.next, seq << 16);
    I[slot.arg] = op;
    I[slot.arg + 1] = count;
    I[slot.arg + 2] = size;
  }

  private publish(slot: Slot, seq: number): void {
    const I = this.I;
    Atomics.store(I, slot.seq, seq);
    Atomics.add(I, CTL.BELL, 1);
    Atomics.notify(I, CTL.BELL);
  }

  /** The argument words as Float32. */
  get floats(): Float32Array {
    return this.ctl.F;
  }

  /** Σ of the partial results of chunks 0..count-1 of the job run last, in chunk order. */
  sumPartials(count: number): number {
    const D = this.ctl.D;
    let s = 0;
    for (let c = 0; c < count; c++) s += D[CTL.PARTIAL + c];
    return s;
  }

  /** Publishes the foreground job opened last, works on it, and returns when every chunk is done. */
  run(): void {
    this.publish(FG, this.seq);
    const mine = grabChunks(this.ex, this.ctl, 0, this.seq, FG, Infinity);
    this.await(FG, this.I[CTL.ARG + 1] - mine);
  }

  /** Publishes the background job opened last and returns at once: workers take its chunks when idle. */
  startBackground(): void {
    this.publish(BG, this.bgSeq);
  }

  /** Runs what is left of the background job on this thread and returns when all of it is done. */
  joinBackground(): void {
    if (this.bgCount === 0) return;
    const count = this.bgCount;
    this.bgCount = 0;
    const mine = grabChunks(this.ex, this.ctl, 0, this.bgSeq, BG, Infinity);
    this.await(BG, count - mine);
  }

  // waits until the workers have done `count` chunks of the slot's job (spinning, then sleeping up to
  // 1 ms at a time: a worker that finishes a chunk while SLEEPING is 1 wakes it; the stores and loads
  // of SLEEPING and DONE are sequentially consistent, so one side sees the other's)
  private await(slot: Slot, count: number): void {
    const I = this.I;
    let d = Atomics.load(I, slot.done);
    for (let i = 0; d < count; i++) {
      if (i >= 1000) {
        Atomics.store(I, CTL.SLEEPING, 1);
        Atomics.wait(I, slot.done, d, 1);
        Atomics.store(I, CTL.SLEEPING, 0);
        i = 0;
      }
      d = Atomics.load(I, slot.done);
    }
    if (I[CTL.ERR] !== 0) {
      I[CTL.ERR] = 0;
      throw new Error("a kernel worker thread failed");
    }
  }

  /** The worker threads (tid 1..threads-1); none once closed. */
  get workerThreads(): readonly Worker[] {
    return this.workers;
  }

  /**
   * Stops the workers (the pool is unusable afterwards); resolves once every one has exited, and with
   * it that thread's references to the memory.
   */
  close(): Promise<void> {
    if (this.workers.length === 0) return Promise.resolve();
    this.joinBackground();
    this.seq = (this.seq + 1) & 0x7fff;
    this.I[CTL.ARG] = OP.QUIT;
    this.publish(FG, this.seq);
    const exited = Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
    return exited.then(() => undefined);
  }
}
