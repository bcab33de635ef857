// Batcher: every row once per epoch, the batch sizes of SGD / mini-batch / full batch, file order without
// shuffling, seeded reshuffles drawn from the caller's Rng, and buffers reused (no allocation per batch).
import { describe, expect, test } from "vitest";
import { Batcher, type Table } from "../../src/data/index.js";
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
function epoch(b: Batcher, rng: Rng | null) {
  b.startEpoch(rng);
  const sizes: number[] = [];
  const seen: number[] = [];
  for (let batch = b.next(); batch !== null; batch = b.next()) {
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

  test("shuffled batches are gathered into the same buffer every batch and epoch, or into the caller's", () => {
    const b = new Batcher(table(), { batchSize: 4, shuffle: true });
    const rng = new Rng(5);
    const buffers = new Set<ArrayBufferLike>();
    for (let e = 0; e < 3; e++) {
      b.startEpoch(rng);
      for (let batch = b.next(); batch !== null; batch = b.next()) buffers.add(batch.x.buffer).add(batch.y.buffer);
    }
    expect(buffers.size).toBe(2);
    const mine = { x: new Float32Array(8), y: new Float32Array(4) };
    const c = new Batcher(table(), { batchSize: 4, shuffle: true, buffers: mine });
    c.startEpoch(rng);
    expect(c.next()!.x.buffer).toBe(mine.x.buffer);
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
