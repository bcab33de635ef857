// Mini-batches without allocation: a row permutation (identity, or reshuffled each epoch from the
// shuffle Rng), and a gather that copies the rows of one batch into the model's own input/target buffers.
import type { Rng } from "../engine/index.js";

/** Rows [rows, cols] row-major of a split: what the trainer needs from the data module's tables. */
export interface SplitTable {
  x: Float32Array;
  y: Float32Array;
  rows: number;
  nIn: number;
  nOut: number;
}

export class BatchOrder {
  readonly perm: Uint32Array;

  constructor(readonly rows: number) {
    this.perm = new Uint32Array(rows);
  }

  /** This epoch's row order: file order, then (shuffle) a Fisher-Yates shuffle drawn from rng. */
  next(shuffle: boolean, rng: Rng): void {
    const p = this.perm;
    for (let i = 0; i < p.length; i++) p[i] = i;
    if (shuffle) rng.shuffle(p);
  }
}

/** Copy rows perm[start .. start+b) of t into x [b, nIn] and y [b, nOut]. */
export function gather(t: SplitTable, perm: Uint32Array, start: number, b: number, x: Float32Array, y: Float32Array): void {
  const { nIn, nOut } = t;
  for (let i = 0; i < b; i++) {
    const r = perm[start + i];
    const xo = r * nIn, xd = i * nIn;
    for (let j = 0; j < nIn; j++) x[xd + j] = t.x[xo + j];
    const yo = r * nOut, yd = i * nOut;
    for (let j = 0; j < nOut; j++) y[yd + j] = t.y[yo + j];
  }
}
