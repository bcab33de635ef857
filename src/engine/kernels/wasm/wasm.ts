// The fast backend: the Kernels interface on WebAssembly SIMD kernels (wat/*.js, assembled at build time
// into binary.generated.ts), over one shared WebAssembly.Memory that `alloc` hands out as Float32Array
// views, so no call copies. Large matrix products, Adam steps, sums of squares and row gathers are
// split across worker threads (pool.ts) that run the same module on the same memory; a gather can also
// run in the background (startGatherRows). Methods without a wasm version yet, and calls with an
// operand that is not a view of this backend's memory, run the JS backend on the same arrays.
// A backend lives as long as what it allocated (a run's table and models): dispose() ends its worker
// threads and drops its memory (a WebAssembly.Memory cannot shrink; only an unreachable one is freed).
// The gemm micro-kernels use fused multiply-adds (relaxed SIMD) where V8 can run them: see wasmModule.
// Large xᵀ·dy products skip the all-zero tiles of x (see WasmKernelsOptions.skipZeros and gemm.js); x·W
// with a large W is summed in two halves of k, one per thread, over each row's nonzeros (gemmSplitK).
import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";
import type { Worker } from "node:worker_threads";
import { JsKernels } from "../js.js";
import type { ActivationKind, Kernels, LossKind, Window } from "../kernels.js";
import type { Rng } from "../../random.js";
// RMAX: rows per gemm micro-kernel tile of the built module (scratch edge tile; threads split rows by it)
import { RMAX, SPARSE_MAX_K, SWIZZLE_TABLE, wasmBase64, wasmFmaBase64 } from "./binary.generated.js";
import { WA, type WasmMemory, type WasmModule } from "./api.js";
import { CTL, OP, ThreadPool, WINDOW_KERNELS } from "./pool.js";

/** Multiply-adds (m*n*k) from which a gemm is split across threads: below ~1M (the REF-MLP output layer,
 * 0.04-0.33M) the split lost 2-5x in bench/gemm.bench.js; the 784x128 layer (3.2M at batch 32) is split. */
const GEMM_THREAD_MIN = 1 << 20;
/** A·B (x·W) is computed in two halves of k (gemmSplitK) when B has this many floats or more and k is
 * at least 32: by B's shape only, so that a layer's outputs do not depend on the batch's size. (REF-MLP's
 * first layer is: 100,352; from ELEMENT_THREAD_MIN, the optimizer step on W is split across threads.) */
const SPLIT_K_WEIGHTS = 1 << 15;
const SPLIT_K_MIN = 32;
/** Fraction of nonzeros in A above which x·W over each row's nonzeros (gemm_rows_sparse) is slower than
 * the dense tiles (REF-MLP's 784x128 layer, one thread, batch 32: break-even at ~0.6; Fashion-MNIST's
 * pixels: 0.5 nonzero). */
const SPARSE_MAX_DENSITY = 0.6;
/** Products with the same B that run dense after one found A denser than that, before trying again. */
const DENSE_SPELL = 64;
/** Floats from which a row gather is split across threads (a REF-MLP batch of 32 rows has 25,088). */
const GATHER_THREAD_MIN = 1 << 13;
/** Elements from which an Adam step or a sumSquares is split across threads (REF-MLP's 100,352
 * first-layer weights are; its other layers' 1,280 and fewer are not). */
const ELEMENT_THREAD_MIN = 1 << 15;
/** Floats an image-window kernel writes (P, y or dx) from which it is split across threads, by images
 * (REF-CNN at batch 32: conv1's patches 195K, conv2's 1.1M, the pools' 5K to 87K). */
const WINDOW_THREAD_MIN = 1 << 14;
/** Rows of A and B per block of an Aᵀ·B with a longer k (see gemm): a tile's 4 columns of Aᵀ's block
 * (one 64-byte line per row, shared by 4 tiles) and its packed [k][8] panel of B, ~96 KB, stay in a
 * core's L2 while the tile runs; over all of k (a conv dW at batch 128: 15,488 rows, 1.5 MB per tile)
 * they came from memory for every tile and panel. */
const K_BLOCK = 1024;
/** Bytes of A (x·W or dz·Wᵀ: A [m,k] not transposed) per row block of a product whose A is larger than 4
 * of them (see gemmAt): a quarter of a 1 MB L2. REF-CNN's conv2 P [15,488, 288] at batch 128 is 17.8 MB,
 * which column-panel chunks read once per panel of 8 columns, from memory. */
const ROW_BLOCK_BYTES = 1 << 18;
const ALIGN = 64;
const PAGE = 65536;

interface Exports {
  gemm_part(...args: number[]): void;
  gemm_lists(m: number, k: number, pA: number, lists: number): void;
  gemm_rows_sparse(i0: number, i1: number, n: number, k: number, lda: number, pA: number, pB: number, beta: number, pC: number, area: number): number;
  /** Adam without weight decay (keep = 1); adam_decay takes keep as a last argument */
  adam(...args: number[]): void;
  adam_decay(...args: number[]): void;
  mul(n: number, a: number, b: number, out: number): void;
  add(n: number, a: number, b: number, out: number): void;
  axpy(n: number, x: number, y: number, alpha: number): void;
  scale(n: number, x: number, alpha: number): void;
  add_rows(rows: number, cols: number, b: number, y: number): void;
  col_sums(rows: number, cols: number, dy: number, db: number): void;
  relu(n: number, z: number, y: number): void;
  relu_backward(n: number, z: number, dy: number, dz: number): void;
  sum_squares(n: number, x: number): number;
  gather_rows(n: number, rowBytes: number, src: number, idx: number, dst: number): void;
  dropout_mask(n: number, mask: number, state: number, threshold: number, keep: number): void;
  /** wat/window.js: (inH inW kh kw sh sw outH outW padTop padLeft c b0 b1 src dst aux) */
  im2col(...args: number[]): void;
  col2im(...args: number[]): void;
  max_pool(...args: number[]): void;
  max_pool_backward(...args: number[]): void;
  bn_statistics(rows: number, C: number, x: number, mean: number, sq: number): void;
  bn_forward(rows: number, C: number, x: number, mean: number, invStd: number, gamma: number, beta: number, hasGamma: number, hasBeta: number, xhat: number, y: number): void;
  bn_sums(rows: number, C: number, dy: number, xhat: number, sdy: number, sdyx: number): void;
  bn_backward(rows: number, C: number, dy: number, xhat: number, invStd: number, gamma: number, hasGamma: number, mdy: number, mdyx: number, dx: number): void;
  sgd(n: number, w: number, g: number, lr: number): void;
  sgd_momentum(n: number, w: number, g: number, v: number, lr: number, mom: number): void;
  sgd_nesterov(n: number, w: number, g: number, v: number, lr: number, mom: number): void;
  rmsprop(n: number, w: number, g: number, s: number, lr: number, rho: number, c: number, eps: number): void;
}

/** A typed array operand (or none) of the batch-normalization kernels. */
type View = { buffer: ArrayBufferLike } | null;

const compiled: { plain?: WasmModule; fma?: WasmModule | null } = {};

/**
 * The compiled kernels, once per process and variant. With `fma`, the module whose gemm multiply-adds
 * are relaxed-SIMD f32x4.relaxed_madd (measured 1.25-1.5x the GFLOP/s of mul + add on the REF-MLP
 * products, bench/gemm.bench.js): V8 11.3 (Node 20) runs relaxed SIMD only behind
 * --experimental-wasm-relaxed-simd, which is set here (it only adds opcodes; Node 22's V8 has them by
 * default, and then the flag is not touched). If V8 still rejects the module, the plain one is used.
 */
function wasmModule(fma: boolean): { module: WasmModule; fma: boolean } {
  if (fma && compiled.fma === undefined) {
    const bytes = Buffer.from(wasmFmaBase64, "base64");
    if (!WA.validate(bytes)) setFlagsFromString("--experimental-wasm-relaxed-simd");
    compiled.fma = WA.validate(bytes) ? new WA.Module(bytes) : null;
  }
  if (fma && compiled.fma) return { module: compiled.fma, fma: true };
  compiled.plain ??= new WA.Module(Buffer.from(wasmBase64, "base64"));
  return { module: compiled.plain, fma: false };
}

export interface WasmKernelsOptions {
  /** Threads in all, main included (default: 2, or 1 when the process may use one core only). */
  threads?: number;
  /**
   * Pack every B panel of an untransposed B into [k][8] before use (default true: measured 2-12%
   * faster on the 784x128 products than reading B in place with its row stride; false reads in place).
   */
  packB?: boolean;
  /** Multiply-adds (m*n*k) from which a gemm is split across threads (default GEMM_THREAD_MIN). */
  gemmThreadMin?: number;
  /** Elements from which an Adam step or a sumSquares is split across threads (default ELEMENT_THREAD_MIN). */
  elementThreadMin?: number;
  /** Floats written from which an image-window kernel is split across threads (default WINDOW_THREAD_MIN). */
  windowThreadMin?: number;
  /** Rows of k per block of a long Aᵀ·B (default K_BLOCK; Infinity: one pass, the same bits). */
  kBlock?: number;
  /** Bytes of A per row block of a product with a large A (default ROW_BLOCK_BYTES; Infinity: none). */
  rowBlockBytes?: number;
  /**
   * Fused multiply-adds in the gemm micro-kernels when V8 can run them (default true; false: the plain
   * SIMD module, mul then add, whose results do not depend on the CPU).
   */
  fma?: boolean;
  /**
   * Skip A's zeros in large xᵀ·dy products (default true): each tile of rows of C runs only over the p
   * at which its rows of Aᵀ are not all zero (pixels, or anything after a relu, are about half zeros).
   * The same values bit for bit while B is finite (a skipped term is 0 * b).
   */
  skipZeros?: boolean;
  /**
   * Skip A's zeros in x·W products computed in two halves of k too (default true; B's width a multiple
   * of 8): each row of C runs over the list of its row of A's nonzeros, while A has at most
   * SPARSE_MAX_DENSITY nonzeros (else dense kernels for a while). The same values bit for bit while B
   * is finite.
   */
  sparseRows?: boolean;
}

export class WasmKernels implements Kernels {
  readonly name: string;
  readonly threads: number;
  /** Whether the gemm runs fused multiply-adds (see WasmKernelsOptions.fma). */
  readonly fma: boolean;
  // dispose() replaces every field that refers to the memory (memory, ex, pool, ctlI, gatherIndex,
  // bgIndex), and js by a stand-in that throws: see there.
  private memory: WasmMemory;
  private ex: Exports;
  private js: Kernels = new JsKernels();
  private pool: ThreadPool | null;
  private readonly packB: number;
  /** SharedArrayBuffer objects known to be views of this memory. */
  private known = new WeakSet<ArrayBufferLike>();
  private ctlI: Int32Array;
  private isDisposed = false;
  /** Resolves once the worker threads have exited (after dispose()). */
  private exited: Promise<void> = Promise.resolve();
  private top: number = CTL.BYTES;
  private scratchK = -1;
  /** Bytes of each thread's gemm_lists area (CTL.LISTS + tid). */
  private listBytes = 0;
  /** Serial of the last gemm job with lists (the threads' CTL.LIST_JOB words say which one they hold). */
  private listJob = 0;
  /** gemmSplitK's second partial product: its address and room in floats. */
  private partial = 0;
  private partialFloats = 0;
  private readonly skipZeros: boolean;
  private readonly sparseRows: boolean;
  /** B.byteOffset -> products left to run dense (its last sparse product found A too dense). */
  private readonly denseSpell = new Map<number, number>();
  /** Row indices of gatherRows and of the background gather (startGatherRows), in this memory. */
  private gatherIndex: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private bgIndex: Int32Array<ArrayBufferLike> = new Int32Array(0);
  /** dropoutMask's four xoshiro128** state words, in this memory (reserved on first use). */
  private rngState: Int32Array | null = null;
  private readonly gemmThreadMin: number;
  private readonly elementThreadMin: number;
  private readonly windowThreadMin: number;
  private readonly kBlock: number;
  private readonly rowBlockBytes: number;

  constructor(opts: WasmKernelsOptions = {}) {
    const threads = Math.max(1, Math.min(opts.threads ?? Math.min(2, availableParallelism()), CTL.MAX_THREADS));
    this.threads = threads;
    const { module, fma } = wasmModule(opts.fma ?? true);
    this.fma = fma;
    this.name = `wasm-simd${fma ? "-fma" : ""}${threads > 1 ? ` x${threads}` : ""}`;
    this.packB = opts.packB === false ? 0 : 1;
    this.gemmThreadMin = opts.gemmThreadMin ?? GEMM_THREAD_MIN;
    this.elementThreadMin = opts.elementThreadMin ?? ELEMENT_THREAD_MIN;
    this.windowThreadMin = opts.windowThreadMin ?? WINDOW_THREAD_MIN;
    this.kBlock = opts.kBlock ?? K_BLOCK;
    this.rowBlockBytes = opts.rowBlockBytes ?? ROW_BLOCK_BYTES;
    this.skipZeros = opts.skipZeros ?? true;
    this.sparseRows = opts.sparseRows ?? true;
    if (SWIZZLE_TABLE !== CTL.SWIZZLE) throw new Error("the wasm module's table is not where the pool's control block reserves it");
    this.memory = new WA.Memory({ initial: 16, maximum: 65536, shared: true });
    this.ctlI = new Int32Array(this.memory.buffer, 0, CTL.BYTES / 4);
    this.ctlI[CTL.TOKEN] = (Math.random() * 0x7fffffff) | 0;
    this.ctlI[CTL.TOKEN + 1] = (Math.random() * 0x7fffffff) | 0 || 1;
    this.known.add(this.memory.buffer);
    this.ex = new WA.Instance(module, { env: { memory: this.memory } }).exports as unknown as Exports;
    this.pool = threads > 1 ? new ThreadPool(module, this.memory, this.ex as unknown as Record<string, unknown>, threads) : null;
  }

  /**
   * Resolves true once every worker thread is up (false after timeoutMs). Until then every kernel runs
   * on the calling thread alone, so waiting is never needed for correctness, only for speed.
   */
  async ready(timeoutMs = 10_000): Promise<boolean> {
    const t0 = Date.now();
    while (this.pool !== null && !this.pool.isReady()) {
      if (Date.now() - t0 > timeoutMs) return false;
      await new Promise((r) => setTimeout(r, 2));
    }
    return true;
  }

  /** Whether dispose() has been called. */
  get disposed(): boolean {
    return this.isDisposed;
  }

  /** The worker threads (threads - 1 of them; none once disposed). */
  get workerThreads(): readonly Worker[] {
    return this.pool?.workerThreads ?? [];
  }

  /**
   * Ends the worker threads and drops every reference this backend holds to its memory, which is
   * freed once the arrays from alloc() are unreachable too (a run's table and models). Later calls of
   * any kernel throw; calling dispose() again does nothing. Returns once the threads are told to stop;
   * whenExited() resolves when they are gone.
   *
   * Nothing is checked per call for this: operands are ours by the control block's token words (ours()),
   * which no memory matches after a dispose, so every kernel takes the JS path, and that one throws.
   */
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.exited = this.pool?.close() ?? Promise.resolve();
    const gone = disposedStandIn(this.name);
    this.js = gone;
    this.pool = null;
    this.memory = gone;
    this.ex = gone;
    this.ctlI = new Int32Array(CTL.BYTES / 4); // token words 0: no memory's (TOKEN + 1 is never 0)
    this.known = new WeakSet();
    this.gatherIndex = new Int32Array(0);
    this.bgIndex = new Int32Array(0);
    this.rngState = null;
    this.denseSpell.clear();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Resolves once the worker threads have exited (at once before dispose() or without threads: no wait). */
  whenExited(): Promise<void> {
    return this.exited;
  }

  alloc(length: number): Float32Array {
    const ptr = this.reserve(length * 4);
    return new Float32Array(this.memory.buffer, ptr, length);
  }

  private reserve(bytes: number): number {
    const ptr = this.top;
    const end = ptr + Math.ceil(bytes / ALIGN) * ALIGN;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      this.memory.grow(Math.ceil((end - have) / PAGE));
    }
    this.top = end;
    return ptr;
  }

  /** Gemm scratch for every thread: one packed B panel [k][8] + an RMAX x 8 edge tile, or one row's
   * list for gemm_rows_sparse (VALUES + 4k + 16 bytes: no more, as kk >= 1024 and k <= SPARSE_MAX_K). */
  private ensureScratch(k: number): void {
    if (k <= this.scratchK) return;
    const kk = Math.max(k, 2 * this.scratchK, 1024);
    this.reservePerThread(CTL.SCRATCH, (kk * 8 + RMAX * 8) * 4);
    this.scratchK = kk;
  }

  /** gemm_lists areas for every thread, for Aᵀ [m,k]: one slot of 4k + 4 bytes per tile of RMAX rows. */
  private ensureLists(m: number, k: number): void {
    const bytes = Math.floor(m / RMAX) * (4 * k + 4);
    if (bytes <= this.listBytes) return;
    this.listBytes = Math.max(bytes, 2 * this.listBytes);
    this.reservePerThread(CTL.LISTS, this.listBytes);
  }

  // a new area of `bytes` for each thread, its address in control word `word` + thread id (the old
  // areas are abandoned: the memory only grows)
  private reservePerThread(word: number, bytes: number): void {
    for (let t = 0; t < this.threads; t++) this.ctlI[word + t] = this.reserve(bytes);
  }

  gatherRows(count: number, width: number, src: Float32Array, index: Int32Array, dst: Float32Array): void {
    if (!this.own(src, dst)) return this.js.gatherRows(count, width, src, index, dst);
    if (count <= 0) return;
    this.gatherIndex = this.indexBuffer(this.gatherIndex, index, count);
    const pool = this.pool;
    if (pool === null || count * width < GATHER_THREAD_MIN || !pool.isReady()) {
      this.ex.gather_rows(count, width * 4, src.byteOffset, this.gatherIndex.byteOffset, dst.byteOffset);
      return;
    }
    // a row costs a cache and TLB miss before its copy streams: ~4 chunks per thread
    const size = Math.max(1, Math.ceil(count / (4 * pool.threads)));
    this.gatherArgs(pool.open(OP.GATHER, Math.ceil(count / size), size), CTL.ARG, count, width, src, this.gatherIndex, dst);
    pool.run();
  }

  startGatherRows(count: number, width: number, src: Float32Array, index: Int32Array, dst: Float32Array): void {
    const pool = this.pool;
    if (pool === null || !pool.isReady() || !this.own(src, dst)) return this.gatherRows(count, width, src, index, dst);
    if (count <= 0) return;
    pool.joinBackground(); // the previous one may still read bgIndex
    this.bgIndex = this.indexBuffer(this.bgIndex, index, count);
    // small chunks (~2-4 µs): a worker returns to foreground work soon after one is published
    const size = Math.max(1, Math.ceil(count / 64));
    this.gatherArgs(pool.openBackground(OP.GATHER, Math.ceil(count / size), size), CTL.BG_ARG, count, width, src, this.bgIndex, dst);
    pool.startBackground();
  }

  finishGather(): void {
    this.pool?.joinBackground();
  }

  owns(a: Float32Array): boolean {
    return this.ours(a.buffer);
  }

  // index[0..count) copied into buf (a view of this memory), reallocated when too small
  private indexBuffer(buf: Int32Array<ArrayBufferLike>, index: Int32Array, count: number): Int32Array<ArrayBufferLike> {
    if (buf.length < count) {
      const ptr = this.reserve(count * 4); // may grow the memory: read .buffer after it
      buf = new Int32Array(this.memory.buffer, ptr, count);
    }
    for (let i = 0; i < count; i++) buf[i] = index[i];
    return buf;
  }

  private gatherArgs(I: Int32Array, a: number, count: number, width: number, src: Float32Array, idx: Int32Array<ArrayBufferLike>, dst: Float32Array): void {
    I[a + 3] = count;
    I[a + 4] = width * 4;
    I[a + 5] = src.byteOffset;
    I[a + 6] = idx.byteOffset;
    I[a + 7] = dst.byteOffset;
  }

  /** Whether every array is a view of this backend's memory. */
  private own(a: Float32Array, b: Float32Array, c?: Float32Array, d?: Float32Array): boolean {
    return this.ours(a.buffer) && this.ours(b.buffer) && (c === undefined || this.ours(c.buffer)) && (d === undefined || this.ours(d.buffer));
  }

  // V8 may hand out a new SharedArrayBuffer object for the same memory at any time (after a grow of any
  // shared memory of the process), so identity is not enough: a buffer is ours when it is shared and
  // holds this backend's two random token words at the start of the control block.
  private ours(buf: ArrayBufferLike): boolean {
    if (this.known.has(buf)) return true;
    if (!(buf instanceof SharedArrayBuffer) || buf.byteLength < CTL.BYTES) return false;
    const w = new Int32Array(buf, 0, CTL.TOKEN + 2);
    if (w[CTL.TOKEN] !== this.ctlI[CTL.TOKEN] || w[CTL.TOKEN + 1] !== this.ctlI[CTL.TOKEN + 1]) return false;
    this.known.add(buf);
    return true;
  }

  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    A: Float32Array,
    B: Float32Array,
    beta: 0 | 1,
    C: Float32Array,
  ): void {
    if (!this.own(A, B, C)) return this.js.gemm(transA, transB, m, n, k, A, B, beta, C);
    if (m <= 0 || n <= 0) return;
    this.ensureScratch(k);
    const ta = transA ? 1 : 0;
    const tb = transB ? 1 : 0;
    const large = m * n * k >= this.gemmThreadMin;
    if (!transA && !transB && k >= SPLIT_K_MIN && n * k >= SPLIT_K_WEIGHTS) return this.gemmSplitK(m, n, k, A, B, beta, C, large);
    if (transA && !transB && beta === 0 && k > this.kBlock) {
      // Aᵀ·B over a long k (a conv layer's dW = Pᵀ·dz, k = its output pixels) in blocks of kBlock rows
      // of A and B, each continuing the sums in C (beta 2): the same chains of multiply-adds as one pass
      for (let p0 = 0; p0 < k; p0 += this.kBlock) {
        const kb = Math.min(this.kBlock, k - p0);
        this.gemmAt(ta, tb, m, n, kb, A.byteOffset + 4 * p0 * m, B.byteOffset + 4 * p0 * n, p0 === 0 ? 0 : 2, C.byteOffset, large);
      }
      return;
    }
    this.gemmAt(ta, tb, m, n, k, A.byteOffset, B.byteOffset, beta, C.byteOffset, large);
  }

  // the product at byte addresses pA, pB, pC (no split of k): on this thread or in chunks on the pool;
  // beta 0 overwrites C, 1 adds to it, 2 continues sums whose first terms C holds (gemm.js)
  private gemmAt(ta: number, tb: number, m: number, n: number, k: number, pA: number, pB: number, beta: number, pC: number, large: boolean): void {
    const pool = this.pool;
    const lists = large && ta === 1 && this.skipZeros && m >= RMAX;
    if (lists) this.ensureLists(m, k);
    // an A [m,k] of more than 4 row blocks is computed a row block at a time (all of C's panels for
    // those rows, then the next rows): the block is read from cache for every panel, not from memory
    const rb = this.rowBlockBytes;
    const rowBlock = ta === 0 && 4 * m * k > 4 * rb ? Math.max(RMAX, Math.floor(rb / (4 * k) / RMAX) * RMAX) : 0;
    if (pool === null || !large || !pool.isReady()) {
      const scratch = this.ctlI[CTL.SCRATCH];
      let area = 0;
      if (lists) {
        area = this.ctlI[CTL.LISTS];
        this.ex.gemm_lists(m, k, pA, area);
        this.ctlI[CTL.LIST_JOB] = 0; // the main thread's area no longer holds a pool job's lists
      }
      for (let i0 = 0; i0 < m; i0 += rowBlock || m) {
        this.ex.gemm_part(ta, tb, m, n, k, pA, pB, beta, pC, i0, Math.min(m, i0 + (rowBlock || m)), 0, n, scratch, this.packB, area, 0);
      }
      return;
    }
    // chunks of whole tiles, ~8 per thread: of rowBlock rows for a large A; along n (B's column
    // panels) when there are at least 4 panels per thread, so that each panel of B is packed once; else
    // along the larger of m and n
    const byRows = rowBlock > 0 || (n < 32 * pool.threads && m >= n);
    const unit = byRows ? RMAX : 8;
    const total = byRows ? m : n;
    const size =
      rowBlock > 0
        ? Math.max(rowBlock, Math.ceil(m / CTL.MAX_CHUNKS / RMAX) * RMAX)
        : Math.max(unit, Math.ceil(total / (8 * pool.threads) / unit) * unit);
    const I = pool.open(OP.GEMM, Math.ceil(total / size), size);
    const a = CTL.ARG;
    this.gemmArgs(I, ta, tb, m, n, k, pA, pB, beta, pC, byRows ? 1 : 0);
    I[a + 14] = lists ? 1 : 0;
    if (lists) this.listJob = (this.listJob % 0x7fffffff) + 1;
    I[a + 15] = this.listJob;
    pool.run();
  }

  /**
   * x·W in two halves of k: C = (beta*C + A[:, 0:kh]·B[0:kh, :]) + A[:, kh:k]·B[kh:k, :], the second half
   * into a scratch matrix, then added. A large one runs on the pool, the main thread taking the first
   * half's column blocks and the worker the second's: each then reads only the rows of W that its own
   * share of the optimizer step (Adam's chunks, split by elements = rows of W) updates, instead of every
   * row of half the columns, and more of Adam's arrays stay in its core's L2 until the next step (Adam
   * after x·W, `node bench/step_order.js 32`: 62-81 → 49-51 µs; REF-MLP b32 step 2-7% faster: see
   * BENCHMARKS.md). The same sums on one thread as on two, and for any number of rows.
   */
  private gemmSplitK(m: number, n: number, k: number, A: Float32Array, B: Float32Array, beta: 0 | 1, C: Float32Array, large: boolean): void {
    const kh = Math.round(k / 2);
    if (this.partialFloats < m * n) {
      this.partialFloats = Math.max(m * n, 2 * this.partialFloats);
      this.partial = this.reserve(4 * this.partialFloats);
    }
    const P = this.partial;
    const pool = large && this.pool !== null && this.pool.isReady() ? this.pool : null;
    const sparse = this.sparseRows && n % 8 === 0 && kh <= SPARSE_MAX_K && this.sparseNow(B);
    let nonzeros = 0;
    if (pool === null) {
      // half h: A's columns and B's rows k0.., beta*C + … into C (h 0) or … into P (h 1), as a pool chunk
      const scratch = this.ctlI[CTL.SCRATCH];
      for (let h = 0; h < 2; h++) {
        const k0 = h === 0 ? 0 : kh;
        const kk = h === 0 ? kh : k - kh;
        const pA = A.byteOffset + 4 * k0;
        const pB = B.byteOffset + 4 * k0 * n;
        const b = h === 0 ? beta : 0;
        const pC = h === 0 ? C.byteOffset : P;
        if (sparse) nonzeros += this.ex.gemm_rows_sparse(0, m, n, kk, 4 * k, pA, pB, b, pC, scratch);
        else this.ex.gemm_part(0, 0, m, n, kk, pA, pB, b, pC, 0, m, 0, n, scratch, this.packB, 0, 4 * k);
      }
    } else {
      // sparse: ~4 blocks of rows per thread and half; dense: ~4 column blocks (whole panels of 8)
      const size = sparse ? Math.ceil(m / (4 * pool.threads)) : Math.max(8, Math.ceil(n / (4 * pool.threads) / 8) * 8);
      const count = 2 * Math.ceil((sparse ? m : n) / size);
      this.splitArgs(pool.open(OP.GEMM, count, size), sparse ? 3 : 2, m, n, k, kh, A, B, beta, C);
      pool.run();
      if (sparse) nonzeros = pool.sumPartials(count);
    }
    if (sparse && nonzeros > SPARSE_MAX_DENSITY * m * k) this.denseSpell.set(B.byteOffset, DENSE_SPELL);
    this.ex.add(m * n, C.byteOffset, P, C.byteOffset);
  }

  // a GEMM job's argument words up to its split (pool.ts runChunk: 0 column panels, 1 row tiles, 2 and 3
  // the halves of k, dense and over A's nonzeros)
  private gemmArgs(I: Int32Array, ta: number, tb: number, m: number, n: number, k: number, pA: number, pB: number, beta: number, pC: number, split: number): void {
    const a = CTL.ARG;
    I[a + 3] = ta;
    I[a + 4] = tb;
    I[a + 5] = m;
    I[a + 6] = n;
    I[a + 7] = k;
    I[a + 8] = pA;
    I[a + 9] = pB;
    I[a + 10] = beta;
    I[a + 11] = pC;
    I[a + 12] = this.packB;
    I[a + 13] = split;
  }

  // a split-k job's argument words: the product, where k is cut, and where the second half goes
  private splitArgs(I: Int32Array, split: 2 | 3, m: number, n: number, k: number, kh: number, A: Float32Array, B: Float32Array, beta: 0 | 1, C: Float32Array): void {
    this.gemmArgs(I, 0, 0, m, n, k, A.byteOffset, B.byteOffset, beta, C.byteOffset, split);
    I[CTL.ARG + 14] = 0;
    I[CTL.ARG + 16] = kh;
    I[CTL.ARG + 17] = this.partial;
  }

  // whether x·W with this B runs over A's nonzeros (not during a dense spell)
  private sparseNow(B: Float32Array): boolean {
    const left = this.denseSpell.get(B.byteOffset);
    if (left === undefined) return true;
    if (left <= 1) this.denseSpell.delete(B.byteOffset);
    else this.denseSpell.set(B.byteOffset, left - 1);
    return false;
  }

  addBias(rows: number, cols: number, b: Float32Array, y: Float32Array): void {
    if (!this.own(b, y)) return this.js.addBias(rows, cols, b, y);
    this.ex.add_rows(rows, cols, b.byteOffset, y.byteOffset);
  }

  colSums(rows: number, cols: number, dy: Float32Array, beta: 0 | 1, db: Float32Array): void {
    if (!this.own(dy, db)) return this.js.colSums(rows, cols, dy, beta, db);
    if (beta === 0) db.fill(0, 0, cols);
    this.ex.col_sums(rows, cols, dy.byteOffset, db.byteOffset);
  }

  activation(kind: ActivationKind, rows: number, cols: number, z: Float32Array, y: Float32Array): void {
    if (kind === "relu" && this.own(z, y)) return this.ex.relu(rows * cols, z.byteOffset, y.byteOffset);
    this.js.activation(kind, rows, cols, z, y);
  }

  activationBackward(
    kind: ActivationKind,
    rows: number,
    cols: number,
    z: Float32Array,
    y: Float32Array,
    dy: Float32Array,
    dz: Float32Array,
  ): void {
    if (kind === "relu" && this.own(z, dy, dz)) return this.ex.relu_backward(rows * cols, z.byteOffset, dy.byteOffset, dz.byteOffset);
    this.js.activationBackward(kind, rows, cols, z, y, dy, dz);
  }

  loss(kind: LossKind, rows: number, cols: number, y: Float32Array, t: Float32Array, dy: Float32Array | null, scale: number): number {
    return this.js.loss(kind, rows, cols, y, t, dy, scale);
  }

  softmaxCrossEntropy(
    rows: number,
    cols: number,
    z: Float32Array,
    p: Float32Array,
    t: Float32Array,
    dz: Float32Array | null,
    scale: number,
    computeP = false,
  ): number {
    return this.js.softmaxCrossEntropy(rows, cols, z, p, t, dz, scale, computeP);
  }

  sigmoidBinaryCrossEntropy(n: number, z: Float32Array, p: Float32Array, t: Float32Array, dz: Float32Array | null, scale: number): number {
    return this.js.sigmoidBinaryCrossEntropy(n, z, p, t, dz, scale);
  }

  // The weighted losses run the JS loops too, on views of this memory: a loss pass is O(rows·cols),
  // small beside the products, and one implementation keeps both backends' weighted losses identical.
  weightedLoss(kind: LossKind, rows: number, cols: number, y: Float32Array, t: Float32Array, dy: Float32Array | null, scale: number, w: Float32Array): number {
    return this.js.weightedLoss(kind, rows, cols, y, t, dy, scale, w);
  }

  weightedSoftmaxCrossEntropy(
    rows: number,
    cols: number,
    z: Float32Array,
    p: Float32Array,
    t: Float32Array,
    dz: Float32Array | null,
    scale: number,
    computeP: boolean,
    w: Float32Array,
  ): number {
    return this.js.weightedSoftmaxCrossEntropy(rows, cols, z, p, t, dz, scale, computeP, w);
  }

  weightedSigmoidBinaryCrossEntropy(rows: number, cols: number, z: Float32Array, p: Float32Array, t: Float32Array, dz: Float32Array | null, scale: number, w: Float32Array): number {
    return this.js.weightedSigmoidBinaryCrossEntropy(rows, cols, z, p, t, dz, scale, w);
  }

  mul(n: number, a: Float32Array, b: Float32Array, out: Float32Array): void {
    if (!this.own(a, b, out)) return this.js.mul(n, a, b, out);
    this.ex.mul(n, a.byteOffset, b.byteOffset, out.byteOffset);
  }

  // xoshiro128** in wasm from rng's state, written back after: the same stream and masks as the JS loop.
  dropoutMask(n: number, rate: number, rng: Rng, mask: Float32Array): void {
    if (!this.own(mask, mask)) return this.js.dropoutMask(n, rate, rng, mask);
    if (this.rngState === null) this.rngState = new Int32Array(this.memory.buffer, this.reserve(16), 4);
    const st = this.rngState;
    const s = rng.getState();
    for (let i = 0; i < 4; i++) st[i] = s[i];
    this.ex.dropout_mask(n, mask.byteOffset, st.byteOffset, rate * 4294967296, 1 / (1 - rate));
    rng.setState([st[0], st[1], st[2], st[3]]);
  }

  axpy(n: number, alpha: number, x: Float32Array, y: Float32Array): void {
    if (!this.own(x, y)) return this.js.axpy(n, alpha, x, y);
    this.ex.axpy(n, x.byteOffset, y.byteOffset, alpha);
  }

  scale(n: number, alpha: number, x: Float32Array): void {
    if (!this.own(x, x)) return this.js.scale(n, alpha, x);
    this.ex.scale(n, x.byteOffset, alpha);
  }

  sumSquares(n: number, x: Float32Array): number {
    if (!this.own(x, x)) return this.js.sumSquares(n, x);
    const pool = this.pool;
    if (pool === null || n < this.elementThreadMin || !pool.isReady()) return this.ex.sum_squares(n, x.byteOffset);
    // float64 partial sums per chunk, added in chunk order: the same value whichever thread ran which
    const { size, count } = elementChunks(n, pool.threads);
    const I = pool.open(OP.SUM_SQUARES, count, size);
    I[CTL.ARG + 3] = n;
    I[CTL.ARG + 4] = x.byteOffset;
    pool.run();
    return pool.sumPartials(count);
  }

  sgdStep(n: number, w: Float32Array, g: Float32Array, v: Float32Array, lr: number, momentum: number, nesterov: boolean): void {
    if (!this.own(w, g, v)) return this.js.sgdStep(n, w, g, v, lr, momentum, nesterov);
    if (momentum === 0) this.ex.sgd(n, w.byteOffset, g.byteOffset, lr);
    else if (nesterov) this.ex.sgd_nesterov(n, w.byteOffset, g.byteOffset, v.byteOffset, lr, momentum);
    else this.ex.sgd_momentum(n, w.byteOffset, g.byteOffset, v.byteOffset, lr, momentum);
  }

  adamStep(
    n: number,
    w: Float32Array,
    g: Float32Array,
    m: Float32Array,
    v: Float32Array,
    lr: number,
    b1: number,
    b2: number,
    eps: number,
    bc1: number,
    bc2: number,
    decay: number,
  ): number {
    if (!this.own(w, g, m, v)) return this.js.adamStep(n, w, g, m, v, lr, b1, b2, eps, bc1, bc2, decay);
    // Σ g² and the step in one job: each chunk sums its g, then updates it (one hand-off, g in cache)
    const ss = lr / bc1;
    const ibc2s = 1 / Math.sqrt(bc2);
    const keep = 1 - decay;
    const pool = this.pool;
    if (pool === null || n < this.elementThreadMin || !pool.isReady()) {
      const squares = this.ex.sum_squares(n, g.byteOffset);
      if (Math.fround(keep) === 1) this.ex.adam(n, w.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, b1, 1 - b1, b2, 1 - b2, ss, ibc2s, eps);
      else this.ex.adam_decay(n, w.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, b1, 1 - b1, b2, 1 - b2, ss, ibc2s, eps, keep);
      return squares;
    }
    const { size, count } = elementChunks(n, pool.threads);
    const I = pool.open(OP.ADAM, count, size);
    const F = pool.floats;
    const a = CTL.ARG;
    I[a + 3] = n;
    I[a + 4] = w.byteOffset;
    I[a + 5] = g.byteOffset;
    I[a + 6] = m.byteOffset;
    I[a + 7] = v.byteOffset;
    F[a + 8] = b1;
    F[a + 9] = 1 - b1;
    F[a + 10] = b2;
    F[a + 11] = 1 - b2;
    F[a + 12] = ss;
    F[a + 13] = ibc2s;
    F[a + 14] = eps;
    F[a + 15] = keep;
    pool.run();
    return pool.sumPartials(count); // the chunks' Σ g², added in chunk order
  }

  rmspropStep(n: number, w: Float32Array, g: Float32Array, s: Float32Array, lr: number, rho: number, eps: number): void {
    if (!this.own(w, g, s)) return this.js.rmspropStep(n, w, g, s, lr, rho, eps);
    this.ex.rmsprop(n, w.byteOffset, g.byteOffset, s.byteOffset, lr, rho, 1 - rho, eps);
  }

  adagradStep(n: number, w: Float32Array, g: Float32Array, s: Float32Array, lr: number, eps: number): void {
    if (!this.own(w, g, s)) return this.js.adagradStep(n, w, g, s, lr, eps);
    this.ex.rmsprop(n, w.byteOffset, g.byteOffset, s.byteOffset, lr, 1, 1, eps); // s = 1*s + 1*g^2: exact
  }

  im2col(w: Window, c: number, batch: number, x: Float32Array, P: Float32Array): void {
    if (!this.own(x, P)) return this.js.im2col(w, c, batch, x, P);
    this.window(0, w, c, batch, x, P, null, batch * w.outH * w.outW * w.kh * w.kw * c);
  }

  col2im(w: Window, c: number, batch: number, dP: Float32Array, dx: Float32Array): void {
    if (!this.own(dP, dx)) return this.js.col2im(w, c, batch, dP, dx);
    this.window(1, w, c, batch, dP, dx, null, batch * w.inH * w.inW * c);
  }

  maxPool(w: Window, c: number, batch: number, x: Float32Array, y: Float32Array, argmax: Int32Array): void {
    if (!this.own(x, y) || !this.ours(argmax.buffer)) return this.js.maxPool(w, c, batch, x, y, argmax);
    this.window(2, w, c, batch, x, y, argmax, batch * w.outH * w.outW * c);
  }

  maxPoolBackward(w: Window, c: number, batch: number, dy: Float32Array, argmax: Int32Array, dx: Float32Array): void {
    if (!this.own(dy, dx) || !this.ours(argmax.buffer)) return this.js.maxPoolBackward(w, c, batch, dy, argmax, dx);
    this.window(3, w, c, batch, dy, dx, argmax, batch * w.inH * w.inW * c);
  }

  batchNormStatistics(rows: number, C: number, x: Float32Array, mean: Float64Array, sumSq: Float64Array): void {
    if (!this.ownAll(x, mean, sumSq, null)) return this.js.batchNormStatistics(rows, C, x, mean, sumSq);
    this.ex.bn_statistics(rows, C, x.byteOffset, mean.byteOffset, sumSq.byteOffset);
  }

  batchNormForward(
    rows: number,
    C: number,
    x: Float32Array,
    mean: Float64Array,
    invStd: Float64Array,
    gamma: Float32Array | null,
    beta: Float32Array | null,
    xhat: Float32Array,
    y: Float32Array,
  ): void {
    if (!this.ownAll(x, mean, invStd, gamma, beta, xhat, y)) return this.js.batchNormForward(rows, C, x, mean, invStd, gamma, beta, xhat, y);
    this.ex.bn_forward(rows, C, x.byteOffset, mean.byteOffset, invStd.byteOffset, gamma?.byteOffset ?? 0, beta?.byteOffset ?? 0, gamma ? 1 : 0, beta ? 1 : 0, xhat.byteOffset, y.byteOffset);
  }

  batchNormSums(rows: number, C: number, dy: Float32Array, xhat: Float32Array, sumDy: Float64Array, sumDyXhat: Float64Array): void {
    if (!this.ownAll(dy, xhat, sumDy, sumDyXhat)) return this.js.batchNormSums(rows, C, dy, xhat, sumDy, sumDyXhat);
    this.ex.bn_sums(rows, C, dy.byteOffset, xhat.byteOffset, sumDy.byteOffset, sumDyXhat.byteOffset);
  }

  batchNormBackward(
    rows: number,
    C: number,
    dy: Float32Array,
    xhat: Float32Array,
    invStd: Float64Array,
    gamma: Float32Array | null,
    meanDy: Float64Array,
    meanDyXhat: Float64Array,
    dx: Float32Array,
  ): void {
    if (!this.ownAll(dy, xhat, invStd, gamma, meanDy, meanDyXhat, dx)) return this.js.batchNormBackward(rows, C, dy, xhat, invStd, gamma, meanDy, meanDyXhat, dx);
    this.ex.bn_backward(rows, C, dy.byteOffset, xhat.byteOffset, invStd.byteOffset, gamma?.byteOffset ?? 0, gamma ? 1 : 0, meanDy.byteOffset, meanDyXhat.byteOffset, dx.byteOffset);
  }

  /** Whether every array given (null: none) is a view of this backend's memory (no rest array: hot path). */
  private ownAll(a: View, b: View, c: View, d: View, e: View = null, f: View = null, g: View = null): boolean {
    return this.ownOrNull(a) && this.ownOrNull(b) && this.ownOrNull(c) && this.ownOrNull(d) && this.ownOrNull(e) && this.ownOrNull(f) && this.ownOrNull(g);
  }

  private ownOrNull(a: View): boolean {
    return a === null || this.ours(a.buffer);
  }

  // image-window kernel `kernel` (WINDOW_KERNELS) over the batch's images: on this thread, or in chunks
  // of images (~4 per thread) on the pool when it writes `floats` floats or more
  private window(kernel: number, w: Window, c: number, batch: number, src: Float32Array, dst: Float32Array, aux: Int32Array | null, floats: number): void {
    if (batch <= 0) return;
    const pAux = aux === null ? 0 : aux.byteOffset;
    const pool = this.pool;
    if (pool === null || batch < 2 || floats < this.windowThreadMin || !pool.isReady()) {
      const f = this.ex[WINDOW_KERNELS[kernel]];
      f(w.inH, w.inW, w.kh, w.kw, w.sh, w.sw, w.outH, w.outW, w.padTop, w.padLeft, c, 0, batch, src.byteOffset, dst.byteOffset, pAux);
      return;
    }
    const size = Math.ceil(batch / Math.min(batch, 4 * pool.threads));
    const I = pool.open(OP.WINDOW, Math.ceil(batch / size), size);
    const a = CTL.ARG;
    I[a + 3] = w.inH;
    I[a + 4] = w.inW;
    I[a + 5] = w.kh;
    I[a + 6] = w.kw;
    I[a + 7] = w.sh;
    I[a + 8] = w.sw;
    I[a + 9] = w.outH;
    I[a + 10] = w.outW;
    I[a + 11] = w.padTop;
    I[a + 12] = w.padLeft;
    I[a + 13] = c;
    I[a + 14] = kernel;
    I[a + 15] = src.byteOffset;
    I[a + 16] = dst.byteOffset;
    I[a + 17] = pAux;
    I[a + 18] = batch;
    pool.run();
  }
}

/**
 * Chunks of an elementwise job over n floats: ~8 per thread, at least 1024 floats, a multiple of 8 (the
 * loops' unrolled step), and never more than the control block's partial-result slots (the Adam step
 * and sumSquares write one float64 per chunk).
 */
function elementChunks(n: number, threads: number): { size: number; count: number } {
  const chunks = Math.min(8 * threads, CTL.MAX_PARTIALS);
  const size = Math.max(1024, Math.ceil(n / chunks / 8) * 8);
  return { size, count: Math.ceil(n / size) };
}

/** What a disposed backend's kernels, exports and memory become: an object whose every property throws. */
function disposedStandIn(backend: string): Kernels & Exports & WasmMemory {
  const message = `the ${backend} kernels were used after dispose(): their memory is gone; create another backend (createKernels())`;
  return new Proxy({} as Kernels & Exports & WasmMemory, {
    get: () => {
      throw new Error(message);
    },
  });
}
