// The WebAssembly kernels of the conv layers against the JS reference: the image-window kernels (im2col,
// col2im, max pooling forward and backward; js_window.ts) and batch normalization's (js_batch_norm.ts,
// at the end of this file), the same bits. Image windows: the same bits, since both copy the same values and add the same float32
// terms in the same order. On odd sizes, strides 1 and 2, valid and same padding, rectangular kernels,
// 1, 3, 5 and 32 channels, batch 1; on one thread and on two with the split threshold at 0 (every call
// cut into chunks of images). Inputs have ties (values on a coarse grid) so that argmax's first-maximum
// rule is tested, and -Infinity cells.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsKernels } from "../../../src/engine/kernels/js.js";
import type { Window } from "../../../src/engine/kernels/kernels.js";
import { WasmKernels } from "../../../src/engine/kernels/wasm/wasm.js";
import { window } from "../../../src/engine/layers/window.js";
import { Rng } from "../../../src/engine/random.js";

const js = new JsKernels();
const one = new WasmKernels({ threads: 1 });
const two = new WasmKernels({ threads: 2, windowThreadMin: 0 });
beforeAll(async () => {
  expect(await two.ready()).toBe(true);
});
afterAll(() => {
  one.dispose();
  two.dispose();
});

interface Case {
  h: number;
  w: number;
  c: number;
  k: [number, number];
  s: [number, number];
  padding: "valid" | "same";
  batch: number;
}
const CASES: Case[] = [
  { h: 28, w: 28, c: 1, k: [3, 3], s: [1, 1], padding: "valid", batch: 3 },
  { h: 13, w: 13, c: 32, k: [3, 3], s: [1, 1], padding: "valid", batch: 2 },
  { h: 26, w: 26, c: 32, k: [2, 2], s: [2, 2], padding: "valid", batch: 2 },
  { h: 11, w: 11, c: 5, k: [2, 2], s: [2, 2], padding: "same", batch: 3 },
  { h: 7, w: 9, c: 3, k: [3, 2], s: [2, 1], padding: "same", batch: 5 },
  { h: 5, w: 6, c: 7, k: [1, 3], s: [1, 2], padding: "valid", batch: 1 },
  { h: 8, w: 8, c: 1, k: [3, 3], s: [2, 2], padding: "same", batch: 7 },
  { h: 4, w: 3, c: 6, k: [5, 4], s: [1, 1], padding: "same", batch: 2 },
  { h: 9, w: 7, c: 9, k: [3, 3], s: [3, 3], padding: "valid", batch: 4 },
];
const name = (t: Case) => `${t.h}x${t.w}x${t.c} k${t.k.join("x")} s${t.s.join("x")} ${t.padding} batch ${t.batch}`;
const bits = (a: Float32Array | Int32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

// values on a grid of 1/4 in [-2, 2] (ties), a few -Infinity
function fill(a: Float32Array, rng: Rng): Float32Array {
  for (let i = 0; i < a.length; i++) a[i] = rng.uniform() < 0.02 ? -Infinity : Math.floor(rng.uniform() * 17 - 8) / 4;
  return a;
}
// finite values (col2im and the backward passes add them)
function fillFinite(a: Float32Array, rng: Rng): Float32Array {
  for (let i = 0; i < a.length; i++) a[i] = rng.uniform() * 2 - 1;
  return a;
}
const ints = (k: JsKernels | WasmKernels, n: number) => {
  const room = k.alloc(n);
  return new Int32Array(room.buffer, room.byteOffset, n);
};

describe.each([one, two])("wasm image-window kernels ($name) give the JS reference's bits", (k) => {
  it.each(CASES.map((t) => [name(t), t] as const))("im2col and col2im, %s", (_n, t) => {
    const win: Window = window(t.h, t.w, t.k, t.s, t.padding);
    const nx = t.batch * t.h * t.w * t.c;
    const nP = t.batch * win.outH * win.outW * t.k[0] * t.k[1] * t.c;
    const rng = new Rng(7);
    const x = fill(k.alloc(nx), rng);
    const P = k.alloc(nP).fill(NaN); // every cell of P is written
    const Pref = new Float32Array(nP);
    k.im2col(win, t.c, t.batch, x, P);
    js.im2col(win, t.c, t.batch, x, Pref);
    expect(bits(P)).toEqual(bits(Pref));
    const dP = fillFinite(k.alloc(nP), rng);
    const dx = k.alloc(nx).fill(NaN); // col2im zeroes dx first
    const dxRef = new Float32Array(nx);
    k.col2im(win, t.c, t.batch, dP, dx);
    js.col2im(win, t.c, t.batch, dP, dxRef);
    expect(bits(dx)).toEqual(bits(dxRef));
  });

  it.each(CASES.map((t) => [name(t), t] as const))("maxPool and maxPoolBackward, %s", (_n, t) => {
    const win: Window = window(t.h, t.w, t.k, t.s, t.padding);
    const nx = t.batch * t.h * t.w * t.c;
    const ny = t.batch * win.outH * win.outW * t.c;
    const rng = new Rng(11);
    const x = fill(k.alloc(nx), rng);
    const y = k.alloc(ny);
    const argmax = ints(k, ny);
    const yRef = new Float32Array(ny);
    const argRef = new Int32Array(ny);
    k.maxPool(win, t.c, t.batch, x, y, argmax);
    js.maxPool(win, t.c, t.batch, x, yRef, argRef);
    expect(bits(y)).toEqual(bits(yRef));
    expect(Array.from(argmax)).toEqual(Array.from(argRef));
    const dy = fillFinite(k.alloc(ny), rng);
    const dx = k.alloc(nx).fill(NaN);
    const dxRef = new Float32Array(nx);
    k.maxPoolBackward(win, t.c, t.batch, dy, argmax, dx);
    js.maxPoolBackward(win, t.c, t.batch, dy, argRef, dxRef);
    expect(bits(dx)).toEqual(bits(dxRef));
  });
});

describe("wasm image-window kernels: edge values", () => {
  it("max pooling of an all -Infinity window picks its first cell (-Infinity), one of NaNs the first cell too", () => {
    const win = window(2, 2, [2, 2], [2, 2], "valid");
    for (const v of [-Infinity, NaN]) {
      const x = one.alloc(2 * 2 * 4).fill(v);
      x[5] = v; // channel 1 of cell (0, 1)
      const y = one.alloc(4);
      const argmax = ints(one, 4);
      one.maxPool(win, 4, 1, x, y, argmax);
      expect(Array.from(argmax)).toEqual([0, 1, 2, 3]);
      expect(Array.from(y).every((e) => Object.is(e, v))).toBe(true);
    }
  });

  it("falls back to the JS reference for arrays outside its memory (same bits)", () => {
    const win = window(6, 5, [3, 3], [1, 1], "same");
    const rng = new Rng(3);
    const x = fill(new Float32Array(2 * 30 * 3), rng);
    const P = new Float32Array(2 * 30 * 27);
    const Pref = new Float32Array(2 * 30 * 27);
    two.im2col(win, 3, 2, x, P);
    js.im2col(win, 3, 2, x, Pref);
    expect(bits(P)).toEqual(bits(Pref));
  });
});

// batch normalization: the same bits as js_batch_norm.ts (every float64 operation in the same order)
describe.each([one, two])("wasm batch-normalization kernels ($name) give the JS reference's bits", (k) => {
  const doubles = (kern: JsKernels | WasmKernels, n: number) => {
    const room = kern.alloc(2 * n);
    return new Float64Array(room.buffer, room.byteOffset, n);
  };
  const bits64 = (a: Float64Array) => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length), String);
  it.each([
    [1, 1],
    [7, 3],
    [33, 32],
    [2, 5],
    [300, 64],
  ])("rows %i, channels %i, with and without gamma and beta", (rows, C) => {
    const rng = new Rng(rows * 31 + C);
    const x = fillFinite(k.alloc(rows * C), rng).map((v) => v * 3 + 0.5);
    const dy = fillFinite(k.alloc(rows * C), rng);
    const gamma = fillFinite(k.alloc(C), rng);
    const beta = fillFinite(k.alloc(C), rng);
    const [mean, sq, mRef, sqRef] = [doubles(k, C), doubles(k, C), doubles(js, C), doubles(js, C)];
    k.batchNormStatistics(rows, C, x, mean, sq);
    js.batchNormStatistics(rows, C, x, mRef, sqRef);
    expect(bits64(mean)).toEqual(bits64(mRef));
    expect(bits64(sq)).toEqual(bits64(sqRef));
    const invStd = doubles(k, C);
    for (let c = 0; c < C; c++) invStd[c] = 1 / Math.sqrt(sq[c] / rows + 1e-3);
    for (const [g, b] of [[gamma, beta], [null, null], [gamma, null], [null, beta]] as const) {
      const [xhat, y, xhatRef, yRef] = [k.alloc(rows * C), k.alloc(rows * C), new Float32Array(rows * C), new Float32Array(rows * C)];
      k.batchNormForward(rows, C, x, mean, invStd, g, b, xhat, y);
      js.batchNormForward(rows, C, x, mean, invStd, g, b, xhatRef, yRef);
      expect(bits(xhat)).toEqual(bits(xhatRef));
      expect(bits(y)).toEqual(bits(yRef));
      const [sdy, sdyx, sdyRef, sdyxRef] = [doubles(k, C), doubles(k, C), doubles(js, C), doubles(js, C)];
      k.batchNormSums(rows, C, dy, xhat, sdy, sdyx);
      js.batchNormSums(rows, C, dy, xhat, sdyRef, sdyxRef);
      expect(bits64(sdy)).toEqual(bits64(sdyRef));
      expect(bits64(sdyx)).toEqual(bits64(sdyxRef));
      const [mdy, mdyx] = [doubles(k, C), doubles(k, C)];
      for (let c = 0; c < C; c++) {
        mdy[c] = sdy[c] / rows;
        mdyx[c] = sdyx[c] / rows;
      }
      const [dx, dxRef] = [k.alloc(rows * C), new Float32Array(rows * C)];
      k.batchNormBackward(rows, C, dy, xhat, invStd, g, mdy, mdyx, dx);
      js.batchNormBackward(rows, C, dy, xhat, invStd, g, mdy, mdyx, dxRef);
      expect(bits(dx)).toEqual(bits(dxRef));
    }
  });
});
