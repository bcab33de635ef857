// Batcher: the mini-batches of one Table, epoch after epoch, without allocating per batch.
//
//   const batcher = new Batcher(data.train, { batchSize: 32, shuffle: true });
//   for (let e = 0; e < epochs; e++) {
//     batcher.startEpoch(rng);               // shuffle draws from the trainer's Rng (checkpointed with it)
//     for (let b = batcher.next(); b !== null; b = batcher.next()) model.trainStep(b.x, b.y, b.rows, lr);
//   }
//
// Shuffled batches are gathered into one reused pair of buffers (or the caller's, e.g. Kernels.alloc)
// by Kernels.gatherRows (the training engine's: with a table and buffers from its alloc, the wasm
// backend copies the rows on both threads); unshuffled batches are subarray views of the table, made
// once. A batch object is reused: read it before the next call to next().
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

export interface BatcherOptions {
  /** 1 = stochastic GD, N = mini-batch, "full" = all rows in one batch. */
  batchSize: number | "full";
  /** Reshuffle the rows at every startEpoch(rng) (never when everything is one batch). */
  shuffle: boolean;
  /** Buffers to gather shuffled batches into: at least batchSize*nIn and batchSize*nOut floats. */
  buffers?: { x: Float32Array; y: Float32Array };
  /** Kernels whose gatherRows copies the feature rows (default: the JS reference kernels). */
  kernels?: Pick<Kernels, "gatherRows">;
}

export class Batcher {
  /** Rows per batch (the table's rows for "full", at most the table's rows). */
  readonly batchSize: number;
  readonly batchesPerEpoch: number;
  readonly shuffles: boolean;
  private readonly order: Int32Array;
  private readonly kernels: Pick<Kernels, "gatherRows">;
  private readonly bx: Float32Array;
  private readonly by: Float32Array;
  private readonly views: { x: Float32Array; y: Float32Array }[];
  /** Views of the gather buffers: exactly batchSize rows, and the last (smaller) batch's rows. */
  private readonly fullViews: { x: Float32Array; y: Float32Array };
  private readonly lastViews: { x: Float32Array; y: Float32Array };
  private readonly batch: Batch;
  private cursor = 0;

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
    this.kernels = opts.kernels ?? new JsKernels();
    if (this.shuffles) {
      this.bx = opts.buffers?.x ?? new Float32Array(this.batchSize * nIn);
      this.by = opts.buffers?.y ?? new Float32Array(this.batchSize * nOut);
      if (this.bx.length < this.batchSize * nIn || this.by.length < this.batchSize * nOut) {
        throw new RangeError(`batch buffers hold fewer than ${this.batchSize} rows`);
      }
    } else {
      this.bx = new Float32Array(0);
      this.by = new Float32Array(0);
    }
    const lastRows = rows - (this.batchesPerEpoch - 1) * this.batchSize;
    this.fullViews = { x: this.bx.subarray(0, this.batchSize * nIn), y: this.by.subarray(0, this.batchSize * nOut) };
    this.lastViews = { x: this.bx.subarray(0, lastRows * nIn), y: this.by.subarray(0, lastRows * nOut) };
    this.views = [];
    if (!this.shuffles) {
      for (let b = 0; b < this.batchesPerEpoch; b++) {
        const s = b * this.batchSize;
        const e = Math.min(rows, s + this.batchSize);
        this.views.push({ x: table.x.subarray(s * nIn, e * nIn), y: table.y.subarray(s * nOut, e * nOut) });
      }
    }
    this.batch = { x: this.bx, y: this.by, rows: 0, index: 0 };
    this.cursor = this.batchesPerEpoch; // next() returns null until startEpoch
  }

  /**
   * Begin an epoch. With shuffling, the epoch's order is a Fisher–Yates shuffle of 0..rows-1 drawn from
   * `rng` (the order depends only on rng's state, so a checkpointed rng resumes the same batches).
   */
  startEpoch(rng: Rng | null): void {
    if (this.shuffles) {
      if (rng === null) throw new Error("Batcher.startEpoch: a shuffling batcher needs an Rng");
      const order = this.order;
      for (let i = 0; i < order.length; i++) order[i] = i;
      rng.shuffle(order);
    }
    this.cursor = 0;
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
    const by = this.by;
    this.kernels.gatherRows(e - s, nIn, this.table.x, order.subarray(s, e), this.bx);
    for (let i = s, r = 0; i < e; i++, r++) {
      const ys = order[i] * nOut;
      const yd = r * nOut;
      for (let k = 0; k < nOut; k++) by[yd + k] = y[ys + k];
    }
    const last = e - s < this.batchSize ? this.lastViews : null;
    batch.x = last ? last.x : this.fullViews.x;
    batch.y = last ? last.y : this.fullViews.y;
    return batch;
  }

  /** The source row (index into the table) of row r of the current batch. */
  sourceRow(r: number): number {
    const s = this.batch.index * this.batchSize + r;
    return this.shuffles ? this.order[s] : s;
  }
}
