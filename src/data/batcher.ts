// Batcher: the mini-batches of one Table, epoch after epoch, without allocating per batch.
//
//   const batcher = new Batcher(data.train, { batchSize: 32, shuffle: true });
//   for (let e = 0; e < epochs; e++) {
//     batcher.startEpoch(rng);               // shuffle draws from the trainer's Rng (checkpointed with it)
//     for (let b = batcher.next(); b !== null; b = batcher.next()) model.trainStep(b.x, b.y, b.rows, lr);
//   }
//
// Shuffled batches are gathered by the kernels (Kernels.gatherRows: with a table from their alloc the
// wasm backend copies the rows in WebAssembly) into two feature buffers from Kernels.alloc, in turn:
// while the model trains on batch b, batch b+1 is already being gathered into the other one
// (startGatherRows: on the wasm backend's worker thread, in the gaps between the step's big kernels).
// Targets are copied into one reused buffer. Unshuffled batches are subarray views of the table, made
// once. A batch object and its buffers are reused: read them before the next call to next().
import { JsKernels } from "../engine/kernels/js.js";
import type { Kernels } from "../engine/kernels/kernels.js";
import type { Rng } from "../engine/random.js";
import type { Table } from "./table.js";

export interface Batch {
  /** [rows, nIn] features. */
  x: Float32Array;
  /** [rows, nOut] targets. */
  y: Float32Array;
  /** Rows in this batch (the last batch of an epoch may be smaller than the batch size). */
  rows: number;
  /** 0-based position of the batch in the epoch. */
  index: number;
}

/** What the Batcher needs from the kernels. */
export type BatchKernels = Pick<Kernels, "alloc" | "gatherRows" | "startGatherRows" | "finishGather">;

export interface BatcherOptions {
  /** 1 = stochastic GD, N = mini-batch, "full" = all rows in one batch. */
  batchSize: number | "full";
  /** Reshuffle the rows at every startEpoch(rng) (never when everything is one batch). */
  shuffle: boolean;
  /** The kernels that allocate the batch buffers and gather the rows (default: the JS reference kernels). */
  kernels?: BatchKernels;
}

export class Batcher {
  /** Rows per batch (the table's rows for "full", at most the table's rows). */
  readonly batchSize: number;
  readonly batchesPerEpoch: number;
  readonly shuffles: boolean;
  private readonly order: Int32Array;
  private readonly kernels: BatchKernels;
  /** The two feature buffers (batch b in bx[b & 1]) and the target buffer. */
  private readonly bx: [Float32Array, Float32Array];
  private readonly by: Float32Array;
  private readonly views: { x: Float32Array; y: Float32Array }[];
  /** Per feature buffer, views of exactly batchSize rows and of the last (smaller) batch's rows. */
  private readonly fullX: Float32Array[];
  private readonly lastX: Float32Array[];
  private readonly fullY: Float32Array;
  private readonly lastY: Float32Array;
  private readonly batch: Batch;
  private cursor = 0;
  /** The batch being gathered in the background (-1: none). */
  private pending = -1;

  constructor(
    readonly table: Table,
    opts: BatcherOptions,
  ) {
    const { rows, nIn, nOut } = table;
    const size = opts.batchSize === "full" ? rows : opts.batchSize;
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
    this.batchSize = Math.max(1, Math.min(size, rows));
    this.batchesPerEpoch = rows === 0 ? 0 : Math.ceil(rows / this.batchSize);
    this.shuffles = opts.shuffle && this.batchesPerEpoch > 1;
    this.order = new Int32Array(this.shuffles ? rows : 0);
    const k = (this.kernels = opts.kernels ?? new JsKernels());
    const n = this.shuffles ? this.batchSize : 0;
    this.bx = [k.alloc(n * nIn), k.alloc(n * nIn)];
    this.by = new Float32Array(n * nOut);
    const lastRows = this.shuffles ? rows - (this.batchesPerEpoch - 1) * this.batchSize : 0;
    this.fullX = this.bx.map((x) => x.subarray(0, n * nIn));
    this.lastX = this.bx.map((x) => x.subarray(0, lastRows * nIn));
    this.fullY = this.by.subarray(0, n * nOut);
    this.lastY = this.by.subarray(0, lastRows * nOut);
    this.views = [];
    if (!this.shuffles) {
      for (let b = 0; b < this.batchesPerEpoch; b++) {
        const s = b * this.batchSize;
        const e = Math.min(rows, s + this.batchSize);
        this.views.push({ x: table.x.subarray(s * nIn, e * nIn), y: table.y.subarray(s * nOut, e * nOut) });
      }
    }
    this.batch = { x: this.bx[0], y: this.by, rows: 0, index: 0 };
    this.cursor = this.batchesPerEpoch; // next() returns null until startEpoch
  }

  /**
   * Begin an epoch. With shuffling, the epoch's order is a Fisher–Yates shuffle of 0..rows-1 drawn from
   * `rng` (the order depends only on rng's state, so a checkpointed rng resumes the same batches).
   */
  startEpoch(rng: Rng | null): void {
    this.settle();
    if (this.shuffles) {
      if (rng === null) throw new Error("Batcher.startEpoch: a shuffling batcher needs an Rng");
      const order = this.order;
      for (let i = 0; i < order.length; i++) order[i] = i;
      rng.shuffle(order);
    }
    this.cursor = 0;
  }

  /** Waits for a background gather still running (an epoch left before its end); next() needs none. */
  settle(): void {
    if (this.pending < 0) return;
    this.kernels.finishGather();
    this.pending = -1;
  }

  /** The next batch of the epoch, or null at its end. The returned object is reused. */
  next(): Batch | null {
    const b = this.cursor;
    if (b >= this.batchesPerEpoch) return null;
    this.cursor++;
    const batch = this.batch;
    const { rows, nIn, nOut, y } = this.table;
    const s = b * this.batchSize;
    const e = Math.min(rows, s + this.batchSize);
    batch.rows = e - s;
    batch.index = b;
    if (!this.shuffles) {
      batch.x = this.views[b].x;
      batch.y = this.views[b].y;
      return batch;
    }
    const order = this.order;
    const k = this.kernels;
    const slot = b & 1;
    if (this.pending === b) this.settle();
    else k.gatherRows(e - s, nIn, this.table.x, order.subarray(s, e), this.bx[slot]);
    const by = this.by;
    for (let i = s, r = 0; i < e; i++, r++) {
      const ys = order[i] * nOut;
      const yd = r * nOut;
      for (let c = 0; c < nOut; c++) by[yd + c] = y[ys + c];
    }
    if (b + 1 < this.batchesPerEpoch) {
      const e2 = Math.min(rows, e + this.batchSize);
      k.startGatherRows(e2 - e, nIn, this.table.x, order.subarray(e, e2), this.bx[slot ^ 1]);
      this.pending = b + 1;
    }
    const last = e - s < this.batchSize;
    batch.x = last ? this.lastX[slot] : this.fullX[slot];
    batch.y = last ? this.lastY : this.fullY;
    return batch;
  }

  /** The source row (index into the table) of row r of the current batch. */
  sourceRow(r: number): number {
    const s = this.batch.index * this.batchSize + r;
    return this.shuffles ? this.order[s] : s;
  }
}
