// Batcher: every row once per epoch, the batch sizes of SGD / mini-batch / full batch, file order without
// shuffling, seeded reshuffles drawn from the caller's Rng, buffers reused (no allocation per batch) and
// the next batch gathered ahead through the kernels.
import { describe, expect, test } from "vitest";
import { Batcher, type Batch, type BatchKernels, type Table } from "../../src/data/index.js";
import { JsKernels } from "../../src/engine/kernels/js.js";
import { Rng } from "../../src/engine/random.js";

/** 10 rows: x = [r, r + 0.5], y = [r]. */
function table(rows = 10): Table {
  const x = new Float32Array(rows * 2);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    x[2 * r] = r;
    x[2 * r + 1] = r + 0.5;
    y[r] = r;
  }
  return { x, y, rows, nIn: 2, nOut: 1, rowIds: Int32Array.from({ length: rows }, (_, r) => r + 1) };
}

/** One epoch: the batch sizes and the y values in visiting order (also checks x matches y). */
function epoch(b: Batcher, rng: Rng | null, each?: (batch: Batch) => void) {
  b.startEpoch(rng);
  const sizes: number[] = [];
  const seen: number[] = [];
  for (let batch = b.next(); batch !== null; batch = b.next()) {
    each?.(batch);
    sizes.push(batch.rows);
    expect(batch.x.length).toBe(batch.rows * 2);
    for (let r = 0; r < batch.rows; r++) {
      expect(batch.x[2 * r]).toBe(batch.y[r]);
      expect(b.sourceRow(r)).toBe(batch.y[r]);
      seen.push(batch.y[r]);
    }
  }
  return { sizes, seen };
}

const all = Array.from({ length: 10 }, (_, r) => r);

describe("Batcher", () => {
  test("sizes: 1 (stochastic), 3 (last batch partial), 10, full, and more than the rows", () => {
    const cases: [number | "full", number[]][] = [
      [1, Array(10).fill(1)],
      [3, [3, 3, 3, 1]],
      [10, [10]],
      ["full", [10]],
      [32, [10]],
    ];
    for (const [size, sizes] of cases) {
      for (const shuffle of [false, true]) {
        const b = new Batcher(table(), { batchSize: size, shuffle });
        const e = epoch(b, new Rng(3));
        expect(e.sizes, `${size} ${shuffle}`).toEqual(sizes);
        expect(b.batchesPerEpoch).toBe(sizes.length);
        expect([...e.seen].sort((p, q) => p - q), "every row once").toEqual(all);
      }
    }
  });

  test("shuffle false: file order, batches are views of the table (no copy)", () => {
    const t = table();
    const b = new Batcher(t, { batchSize: 4, shuffle: false });
    expect(epoch(b, null).seen).toEqual(all);
    b.startEpoch(null);
    const first = b.next()!;
    expect(first.x.buffer).toBe(t.x.buffer);
    expect(first.y.buffer).toBe(t.y.buffer);
  });

  test("shuffle true: a new order each epoch, every row once; the same Rng state gives the same order (resume)", () => {
    const b = new Batcher(table(), { batchSize: 3, shuffle: true });
    const rng = new Rng(11);
    const saved = rng.getState();
    const e1 = epoch(b, rng).seen;
    const e2 = epoch(b, rng).seen;
    expect(e1).not.toEqual(all);
    expect(e2).not.toEqual(e1);
    const again = new Rng(0);
    again.setState(saved);
    expect(epoch(b, again).seen).toEqual(e1);
  });

  test("shuffled batches alternate between two feature buffers from kernels.alloc, the next one gathered ahead", () => {
    const calls: string[] = [];
    const js = new JsKernels();
    const kernels: BatchKernels = {
      alloc: (n) => (calls.push(`alloc ${n}`), new Float32Array(n)),
      gatherRows: (count, w, src, idx, dst) => (calls.push(`gather ${count}`), js.gatherRows(count, w, src, idx, dst)),
      startGatherRows: (count, w, src, idx, dst) => (calls.push(`start ${count}`), js.gatherRows(count, w, src, idx, dst)),
      finishGather: () => void calls.push("finish"),
    };
    const t = table();
    const b = new Batcher(t, { batchSize: 4, shuffle: true, kernels });
    const rng = new Rng(5);
    const xs = new Set<ArrayBufferLike>();
    const ys = new Set<ArrayBufferLike>();
    for (let e = 0; e < 2; e++) {
      const { seen } = epoch(b, rng, (batch) => (xs.add(batch.x.buffer), ys.add(batch.y.buffer)));
      expect([...seen].sort((p, q) => p - q)).toEqual(all);
    }
    expect([xs.size, ys.size]).toEqual([2, 1]);
    // 10 rows in batches of 4, 4, 2: the first gathered at once, each next one started ahead and finished
    // before it is returned; nothing left running at the end of an epoch
    const nIn = t.nIn;
    const perEpoch = ["gather 4", "start 4", "finish", "start 2", "finish"];
    expect(calls).toEqual([`alloc ${4 * nIn}`, `alloc ${4 * nIn}`, ...perEpoch, ...perEpoch]);
  });

  test("an epoch left before its end: startEpoch waits for the gather still running", () => {
    let finished = 0;
    const js = new JsKernels();
    const kernels: BatchKernels = { alloc: (n) => new Float32Array(n), gatherRows: js.gatherRows, startGatherRows: js.gatherRows, finishGather: () => void finished++ };
    const b = new Batcher(table(), { batchSize: 4, shuffle: true, kernels });
    const rng = new Rng(6);
    b.startEpoch(rng);
    b.next();
    expect(finished).toBe(0);
    b.startEpoch(rng);
    expect(finished).toBe(1);
    expect(b.next()!.rows).toBe(4);
  });

  test("one batch per epoch (full) never shuffles and draws nothing from the Rng", () => {
    const b = new Batcher(table(), { batchSize: "full", shuffle: true });
    const rng = new Rng(9);
    const before = rng.getState();
    expect(epoch(b, rng).seen).toEqual(all);
    expect(rng.getState()).toEqual(before);
  });

  test("next() returns null before startEpoch and after the last batch", () => {
    const b = new Batcher(table(), { batchSize: 5, shuffle: false });
    expect(b.next()).toBeNull();
    b.startEpoch(null);
    expect(b.next()).not.toBeNull();
    expect(b.next()).not.toBeNull();
    expect(b.next()).toBeNull();
  });
});
