// The WebAssembly SIMD backend against plain references: a naive triple loop (float64 accumulation)
// for gemm, and the JS backend (src/engine/kernels/js.ts) for every other method, on random shapes
// with odd sizes (1, 3, 7, 17, 33, ...), batch 1, every transposition pattern and beta 0 and 1, on one
// thread and on two (with the thread thresholds at 0 so that every product, Adam step and sum of
// squares is split), with the gemm's fused multiply-adds (the default) and without (`fma: false`).
//
// Tolerances: gemm |C - ref| <= 1e-5 * Σ_p |a_ip b_pj| + 1e-7 per element — float32 accumulation in
// another order (SIMD lanes, tiles) than the reference; one wrong or missing term (~Σ/k) is far
// above it for every k tested here. Elementwise float32 kernels: 1e-6 relative + 1e-7 absolute (the
// JS backend computes in float64 and rounds once; wasm rounds after each f32 op), 1e-6 absolute for
// O(1) weights after optimizer steps (a few float32 ulps where w crosses 0). Kernels that delegate
// to the JS backend must give identical values.
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsKernels } from "../../../src/engine/kernels/js.js";
import { Rng } from "../../../src/engine/random.js";
import { WasmKernels, type WasmKernelsOptions } from "../../../src/engine/kernels/wasm/wasm.js";
import { buildModel, type LayerOptions } from "../../../src/engine/index.js";
import { layers as layerRegistry } from "../../../src/engine/layers/index.js";

const js = new JsKernels();
const one = new WasmKernels({ threads: 1 });
const two = new WasmKernels({ threads: 2, gemmThreadMin: 0, elementThreadMin: 0 });
const inPlace = new WasmKernels({ threads: 1, packB: false });
const plain = new WasmKernels({ threads: 2, gemmThreadMin: 0, elementThreadMin: 0, fma: false });
const backends = [one, two, inPlace, plain];

beforeAll(async () => {
  expect(await two.ready()).toBe(true);
  expect(await plain.ready()).toBe(true);
});
afterAll(() => {
  for (const k of backends) k.dispose();
});

function filled(k: WasmKernels, n: number, rng: Rng, scale = 1): Float32Array {
  const a = k.alloc(n);
  for (let i = 0; i < n; i++) a[i] = (rng.uniform() * 2 - 1) * scale;
  return a;
}

// C = beta*C + op(A)·op(B) with float64 sums, and Σ|terms| per element for the tolerance
function naiveGemm(ta: boolean, tb: boolean, m: number, n: number, k: number, A: Float32Array, B: Float32Array, beta: 0 | 1, C: Float32Array) {
  const ref = new Float64Array(m * n);
  const mag = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = beta === 1 ? C[i * n + j] : 0;
      let a = Math.abs(s);
      for (let p = 0; p < k; p++) {
        const t = (ta ? A[p * m + i] : A[i * k + p]) * (tb ? B[j * k + p] : B[p * n + j]);
        s += t;
        a += Math.abs(t);
      }
      ref[i * n + j] = s;
      mag[i * n + j] = a;
    }
  }
  return { ref, mag };
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 10, 784], // batch 1
  [3, 7, 17],
  [7, 3, 33],
  [17, 33, 7],
  [33, 17, 1],
  [5, 8, 0], // k = 0: C = beta*C
  [32, 128, 784],
  [784, 128, 32],
  [32, 10, 128],
  [128, 10, 33],
  [33, 784, 10],
  [9, 65, 129],
];

/** A float32 array's bit patterns (-0 and NaN payloads included): what "the same bits" compares. */
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

/** C = beta*C0 + op(A)·B (B not transposed) on k and on its twin, each on its own copies; both C. */
function onTwins(k: WasmKernels, twin: WasmKernels, ta: boolean, m: number, n: number, kk: number, A: Float32Array, B: Float32Array, beta: 0 | 1, C0: Float32Array) {
  return [k, twin].map((kern) => {
    const [A2, B2, C] = [kern.alloc(m * kk), kern.alloc(kk * n), kern.alloc(m * n)];
    A2.set(A);
    B2.set(B);
    C.set(C0);
    kern.gemm(ta, false, m, n, kk, A2, B2, beta, C);
    return C;
  });
}

/**
 * one, two and plain, each with a twin that differs only by `off` (the kernels a faster path must give
 * the same bits as); the twins start before and close after the enclosing describe's tests.
 */
function withTwins(off: WasmKernelsOptions): [WasmKernels, WasmKernels][] {
  const twins = [
    new WasmKernels({ threads: 1, ...off }),
    new WasmKernels({ threads: 2, gemmThreadMin: 0, elementThreadMin: 0, ...off }),
    new WasmKernels({ threads: 2, gemmThreadMin: 0, elementThreadMin: 0, fma: false, ...off }),
  ];
  beforeAll(async () => {
    for (const k of twins) expect(await k.ready()).toBe(true);
  });
  afterAll(() => {
    for (const k of twins) k.dispose();
  });
  return [
    [one, twins[0]],
    [two, twins[1]],
    [plain, twins[2]],
  ];
}

describe("wasm module variants", () => {
  it("runs the fused multiply-add gemm by default (Node 20 after enabling relaxed SIMD), the plain one on request", () => {
    expect([one.fma, two.fma, inPlace.fma, plain.fma]).toEqual([true, true, true, false]);
    expect([one.name, two.name, plain.name]).toEqual(["wasm-simd-fma", "wasm-simd-fma x2", "wasm-simd x2"]);
  });

  it("the two variants agree on a REF-MLP product within float32 rounding, and differ in some last bits", () => {
    const rng = new Rng(13);
    const [m, n, kk] = [32, 128, 784];
    const A = filled(one, m * kk, rng);
    const B = filled(one, kk * n, rng);
    const Cf = one.alloc(m * n);
    one.gemm(false, false, m, n, kk, A, B, 0, Cf);
    const A2 = plain.alloc(m * kk);
    const B2 = plain.alloc(kk * n);
    const Cp = plain.alloc(m * n);
    A2.set(A);
    B2.set(B);
    plain.gemm(false, false, m, n, kk, A2, B2, 0, Cp);
    const { mag } = naiveGemm(false, false, m, n, kk, A, B, 0, Cf);
    let differ = 0;
    for (let i = 0; i < m * n; i++) {
      expect(Math.abs(Cf[i] - Cp[i])).toBeLessThanOrEqual(2e-5 * mag[i] + 1e-7);
      if (Cf[i] !== Cp[i]) differ++;
    }
    // one rounding per multiply-add instead of two: on an x86 CPU with FMA3 many of the 4096 sums differ
    // in the last bits; without it V8 lowers relaxed_madd to mul + add and they are all equal
    const flags = process.arch === "x64" && existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : null;
    if (flags !== null) expect(differ > m * n * 0.1).toBe(/^flags\s*:.*\bfma\b/m.test(flags));
  });
});

describe("wasm gemm matches a naive triple loop", () => {
  for (const k of backends) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        it(`${k.name}${k === inPlace ? " (B in place)" : ""}: ${ta ? "Aᵀ" : "A"}·${tb ? "Bᵀ" : "B"}, beta 0 and 1, ${SHAPES.length} shapes`, () => {
          const rng = new Rng(7 + (ta ? 1 : 0) + (tb ? 2 : 0));
          let worst = 0;
          for (const [m, n, kk] of SHAPES) {
            for (const beta of [0, 1] as const) {
              const A = filled(k, m * kk, rng);
              const B = filled(k, kk * n, rng);
              const C = filled(k, m * n, rng);
              const { ref, mag } = naiveGemm(ta, tb, m, n, kk, A, B, beta, C);
              k.gemm(ta, tb, m, n, kk, A, B, beta, C);
              for (let i = 0; i < m * n; i++) {
                const err = Math.abs(C[i] - ref[i]) / (1e-5 * mag[i] + 1e-7);
                if (!(err <= worst)) worst = err; // NaN-safe
              }
            }
          }
          expect(worst).toBeLessThanOrEqual(1);
        });
      }
    }
  }

  it("writes nothing outside C[m,n]", () => {
    const rng = new Rng(3);
    for (const k of backends) {
      const [m, n, kk] = [5, 11, 9];
      const A = filled(k, m * kk, rng);
      const B = filled(k, kk * n, rng);
      const C = k.alloc(m * n + 8);
      C.fill(42);
      k.gemm(false, false, m, n, kk, A, B, 0, C.subarray(0, m * n));
      expect(Array.from(C.subarray(m * n))).toEqual(new Array(8).fill(42));
    }
  });

  it("agrees with the JS backend on the REF-MLP shapes (same tolerance)", () => {
    const rng = new Rng(11);
    for (const [ta, tb, m, n, kk] of [
      [false, false, 32, 128, 784],
      [true, false, 784, 128, 32],
      [false, true, 32, 128, 10],
    ] as const) {
      const A = filled(two, m * kk, rng);
      const B = filled(two, kk * n, rng);
      const C = two.alloc(m * n);
      const Cjs = new Float32Array(m * n);
      two.gemm(ta, tb, m, n, kk, A, B, 0, C);
      js.gemm(ta, tb, m, n, kk, A, B, 0, Cjs);
      const { mag } = naiveGemm(ta, tb, m, n, kk, A, B, 0, C);
      for (let i = 0; i < m * n; i++) expect(Math.abs(C[i] - Cjs[i])).toBeLessThanOrEqual(2e-5 * mag[i] + 1e-7);
    }
  });

  it("falls back to the JS backend (same result) when an operand is not a view of its memory", () => {
    const rng = new Rng(5);
    const A = Float32Array.from({ length: 3 * 4 }, () => rng.uniform());
    const B = one.alloc(4 * 5);
    B.set(Array.from({ length: 20 }, () => rng.uniform()));
    const C = new Float32Array(15);
    const Cjs = new Float32Array(15);
    one.gemm(false, false, 3, 5, 4, A, B, 0, C);
    js.gemm(false, false, 3, 5, 4, A, B, 0, Cjs);
    expect(Array.from(C)).toEqual(Array.from(Cjs));
  });
});

describe("wasm gemm skipping A's zeros (xᵀ·dy)", () => {
  // op(A) with half its entries zero in runs (as image background), whole tiles of zeros, rows of
  // zeros and some -0: the skipping kernels must give the dense kernels' bits (a skipped term is 0 * b)
  function sparse(k: WasmKernels, m: number, kk: number, rng: Rng): Float32Array {
    const a = filled(k, m * kk, rng);
    for (let i = 0; i < a.length; i++) {
      const run = Math.floor(i / 5) % 3 === 0 || rng.uniform() < 0.3;
      if (run) a[i] = rng.uniform() < 0.05 ? -0 : 0;
    }
    for (let p = 0; p < kk; p += 3) a.fill(0, p * m, (p + 1) * m); // A stored [k,m]: every 3rd p zero in every tile
    return a;
  }
  const pairs = withTwins({ skipZeros: false });
  const shapes: [number, number, number][] = [
    [784, 128, 32], // REF-MLP's dW = xᵀ·dz at batch 32 (one thread: large enough to skip)
    [784, 128, 256],
    [33, 17, 40], // m not a multiple of the tile height: the last rows run dense
    [8, 8, 1],
    [4, 130, 9],
    [12, 5, 64],
  ];

  for (const [skip, dense] of pairs) {
    it(`${skip.name}: the same bits as without skipping, beta 0 and 1, ${shapes.length} shapes, and within the naive tolerance`, () => {
      const rng = new Rng(29);
      let worst = 0;
      for (const [m, n, kk] of shapes) {
        for (const beta of [0, 1] as const) {
          const A = sparse(skip, m, kk, rng);
          const B = filled(skip, kk * n, rng);
          const C0 = filled(skip, m * n, rng);
          const [C, C2] = onTwins(skip, dense, true, m, n, kk, A, B, beta, C0);
          expect(bits(C)).toEqual(bits(C2));
          const { ref, mag } = naiveGemm(true, false, m, n, kk, A, B, beta, C0);
          for (let i = 0; i < m * n; i++) {
            const err = Math.abs(C[i] - ref[i]) / (1e-5 * mag[i] + 1e-7);
            if (!(err <= worst)) worst = err; // NaN-safe
          }
        }
      }
      expect(worst).toBeLessThanOrEqual(1);
    });
  }

  it("really skips: an infinite b in a row p where a tile's A is all zero stays out of that tile (dense: NaN)", () => {
    const [m, n, kk] = [8, 8, 4];
    const out: Float32Array[] = [];
    for (const k of [two, pairs[1][1]]) {
      const A = k.alloc(kk * m); // A stored [k,m]: C's first tile (rows 0-3) has only zeros at p = 2
      const B = k.alloc(kk * n);
      A.fill(1);
      A.fill(0, 2 * m, 2 * m + 4);
      B.fill(1);
      B[2 * n + 3] = Infinity;
      const C = k.alloc(m * n);
      k.gemm(true, false, m, n, kk, A, B, 0, C);
      out.push(C);
    }
    const [C, Cd] = out;
    expect([C[3], C[2], C[5 * n + 3]]).toEqual([3, 3, Infinity]); // row 5 is in the second tile: 1 * Infinity
    expect([Cd[3], Cd[2], Cd[5 * n + 3]]).toEqual([NaN, 3, Infinity]);
  });
});

describe("wasm x·W in two halves of k (a W of 32K floats or more)", () => {
  // [m, n, k]: REF-MLP's first layer at batch 32, 256 and 1, an odd k, n with a partial panel
  const shapes: [number, number, number][] = [
    [32, 128, 784],
    [256, 128, 784],
    [1, 128, 784],
    [7, 64, 513],
    [5, 136, 241],
  ];

  it("one thread and two give the same bits, beta 0 and 1, and within the naive tolerance", () => {
    const rng = new Rng(31);
    let worst = 0;
    for (const [m, n, kk] of shapes) {
      for (const beta of [0, 1] as const) {
        const out: Float32Array[] = [];
        const A0 = filled(one, m * kk, rng);
        for (let i = 0; i < A0.length; i += 3) A0[i] = 0;
        const B0 = filled(one, kk * n, rng, 0.1);
        const C0 = filled(one, m * n, rng);
        for (const k of [one, two, plain]) {
          const [A, B, C] = [k.alloc(m * kk), k.alloc(kk * n), k.alloc(m * n)];
          A.set(A0);
          B.set(B0);
          C.set(C0);
          k.gemm(false, false, m, n, kk, A, B, beta, C);
          out.push(C);
        }
        expect(bits(out[1])).toEqual(bits(out[0]));
        const { ref, mag } = naiveGemm(false, false, m, n, kk, A0, B0, beta, C0);
        for (const C of out) {
          for (let i = 0; i < m * n; i++) {
            const err = Math.abs(C[i] - ref[i]) / (1e-5 * mag[i] + 1e-7);
            if (!(err <= worst)) worst = err; // NaN-safe
          }
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it("a row's outputs do not depend on the other rows of the batch (fit's evaluation = eval's)", async () => {
    const k = new WasmKernels({ threads: 2 }); // default thresholds
    expect(await k.ready()).toBe(true);
    const rng = new Rng(32);
    const [m, n, kk] = [40, 128, 784];
    const A = filled(k, m * kk, rng);
    const B = filled(k, kk * n, rng, 0.1);
    const C = k.alloc(m * n);
    k.gemm(false, false, m, n, kk, A, B, 0, C); // 4M multiply-adds: on both threads
    const row = k.alloc(n);
    for (const r of [0, 17, 39]) {
      k.gemm(false, false, 1, n, kk, A.subarray(r * kk, (r + 1) * kk), B, 0, row); // 0.1M: on this one
      expect(bits(row)).toEqual(bits(C.subarray(r * n, (r + 1) * n)));
    }
    k.dispose();
  });

  it("really sums the halves apart: 1 + 1e8 - 1e8 with the 1 in the first half gives 1 (in order: 0)", () => {
    const [n, kk] = [64, 1024]; // kh = 512
    const A = one.alloc(kk);
    A[0] = 1;
    A[512] = 1e8;
    A[513] = -1e8;
    const B = one.alloc(kk * n);
    B.fill(1);
    const C = one.alloc(n);
    one.gemm(false, false, 1, n, kk, A, B, 0, C);
    expect(C[0]).toBe(1);
    const Cjs = new Float32Array(n);
    new JsKernels().gemm(false, false, 1, n, kk, Float32Array.from(A), Float32Array.from(B), 0, Cjs);
    expect(Cjs[0]).toBe(0); // float32 1e8 + 1 = 1e8
  });
});

describe("wasm x·W over each row's nonzeros (sparseRows)", () => {
  // half zeros in runs (as background pixels), some -0, a row of zeros, a NaN; [m, n, k]
  function sparse(k: WasmKernels, m: number, kk: number, rng: Rng): Float32Array {
    const a = filled(k, m * kk, rng);
    for (let i = 0; i < a.length; i++) if (Math.floor(i / 7) % 2 === 0 || rng.uniform() < 0.2) a[i] = rng.uniform() < 0.05 ? -0 : 0;
    if (m > 2) a.fill(0, kk, 2 * kk);
    return a;
  }
  const shapes: [number, number, number][] = [
    [32, 128, 784],
    [256, 128, 784],
    [1, 128, 784],
    [9, 64, 517], // k % 8 != 0 in both halves: the list builder's scalar tail
    [5, 136, 241], // n = 4 x 32 + 8: the last 8 columns
    [6, 176, 200], // 5 x 32 + 16
    [3, 216, 160], // 6 x 32 + 24
  ];
  const pairs = withTwins({ sparseRows: false });

  for (const [skip, dense] of pairs) {
    it(`${skip.name}: the same bits as the dense kernels, beta 0 and 1, ${shapes.length} shapes`, () => {
      const rng = new Rng(33);
      for (const [m, n, kk] of shapes) {
        for (const beta of [0, 1] as const) {
          const A = sparse(skip, m, kk, rng);
          A[Math.floor(A.length / 2) + 1] = NaN; // a NaN in A is not a zero: its row is NaN in both
          const B = filled(skip, kk * n, rng, 0.1);
          const C0 = filled(skip, m * n, rng);
          const [C, C2] = onTwins(skip, dense, false, m, n, kk, A, B, beta, C0);
          expect(bits(C)).toEqual(bits(C2));
        }
      }
    });
  }

  it("really skips, and runs dense for a while after an A with more than 60% nonzeros", async () => {
    const k = new WasmKernels({ threads: 2 });
    expect(await k.ready()).toBe(true);
    const [m, n, kk] = [4, 64, 1024];
    const A = k.alloc(m * kk); // 1 where p is even: half zeros
    for (let i = 0; i < A.length; i += 2) A[i] = 1;
    const B = k.alloc(kk * n);
    B.fill(1);
    B[1 * n + 5] = Infinity; // row p = 1 of B, where every row of A is 0
    const C = k.alloc(m * n);
    k.gemm(false, false, m, n, kk, A, B, 0, C);
    expect([C[5], C[6]]).toEqual([512, 512]); // the 0 * Infinity term was left out
    const full = k.alloc(m * kk);
    full.fill(1);
    const Cf = k.alloc(m * n);
    k.gemm(false, false, m, n, kk, full, B, 0, Cf); // dense A: the next products with B run dense
    k.gemm(false, false, m, n, kk, A, B, 0, C);
    expect(C[5]).toBeNaN(); // dense kernels: 0 * Infinity
    expect(C[6]).toBe(512);
    k.dispose();
  });
});

describe("wasm memory", () => {
  it("alloc returns zeroed, disjoint views that stay valid while the memory grows", () => {
    const k = new WasmKernels({ threads: 1 });
    const first = k.alloc(1000);
    first.fill(1.5);
    const big = k.alloc(4_000_000); // grows the memory
    expect(big.every((v) => v === 0)).toBe(true);
    big.fill(2);
    expect(first.every((v) => v === 1.5)).toBe(true);
    const B = k.alloc(1000);
    B.fill(1);
    const C = k.alloc(1);
    k.gemm(false, false, 1, 1, 1000, first, B, 0, C); // the old view is still usable by the kernels
    expect(C[0]).toBe(1500);
    k.dispose();
  });
});

// Elementwise kernels: the JS backend on copies of the same inputs is the reference.
function close(a: Float32Array, b: Float32Array, rel = 1e-6, abs = 1e-7): void {
  expect(a.length).toBe(b.length);
  let bad = -1;
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= rel * Math.abs(b[i]) + abs)) bad = i;
  expect(bad === -1 ? "ok" : `index ${bad}: ${a[bad]} vs ${b[bad]}`).toBe("ok");
}

// 13 = 8 + 4 + 1: one unrolled pair of vectors, one single vector, one scalar
const SIZES = [1, 3, 7, 13, 17, 33, 100_003];

describe("wasm elementwise kernels match the JS backend", () => {
  for (const k of [one, two]) {
    it(`${k.name}: adamStep over 5 steps (with and without weight decay), n in ${SIZES.join(", ")}`, () => {
      const rng = new Rng(21);
      for (const n of SIZES) {
        for (const decay of [0, 1e-3]) {
          const w = filled(k, n, rng);
          const m = k.alloc(n);
          const v = k.alloc(n);
          const g = k.alloc(n);
          const [w2, m2, v2] = [Float32Array.from(w), new Float32Array(n), new Float32Array(n)];
          for (let t = 1; t <= 5; t++) {
            for (let i = 0; i < n; i++) g[i] = rng.normal() * 0.1;
            const [b1, b2] = [0.9, 0.999];
            const sq = k.adamStep(n, w, g, m, v, 0.001, b1, b2, 1e-7, 1 - b1 ** t, 1 - b2 ** t, decay);
            const sq2 = js.adamStep(n, w2, Float32Array.from(g), m2, v2, 0.001, b1, b2, 1e-7, 1 - b1 ** t, 1 - b2 ** t, decay);
            // the Σ g² it returns (float64 sums, chunk partials added in order on two threads)
            expect(Math.abs(sq - sq2)).toBeLessThanOrEqual(1e-12 * sq2);
            expect(sq2).toBe(js.sumSquares(n, g));
          }
          close(m, m2);
          close(v, v2, 1e-5, 1e-9);
          close(w, w2, 1e-6, 1e-6); // w is O(1): a few float32 ulps (1.2e-7) of cancellation near 0
        }
      }
    });
  }

  for (const k of [one, two]) {
    it(`${k.name}: adamStep stores +0 for an m or v below 2^-126 (subnormal) and moves w as the JS backend`, () => {
      // zero gradients: m = 0.9*m and v = 0.999*v. Starting from the smallest normal float (2^-126),
      // both fall below it: the JS backend keeps the subnormal (float64 math, float32 store), wasm
      // flushes to +0 (subnormal arithmetic is 10-100x slower on x86). Normal values are untouched.
      const n = 37;
      const tiny = 2 ** -126;
      const w = filled(k, n, new Rng(23));
      const m = k.alloc(n);
      const v = k.alloc(n);
      const g = k.alloc(n);
      // even i: m = ±2^-126 (0.9 m is subnormal, negative for i % 4 = 2: flushed to +0, not -0)
      for (let i = 0; i < n; i++) [m[i], v[i]] = i % 2 === 0 ? [i % 4 === 0 ? tiny : -tiny, tiny] : [-tiny * 4, 1e-30];
      const [w2, m2, v2] = [Float32Array.from(w), Float32Array.from(m), Float32Array.from(v)];
      k.adamStep(n, w, g, m, v, 0.001, 0.9, 0.999, 1e-7, 1 - 0.9, 1 - 0.999, 0);
      js.adamStep(n, w2, Float32Array.from(g), m2, v2, 0.001, 0.9, 0.999, 1e-7, 1 - 0.9, 1 - 0.999, 0);
      for (let i = 0; i < n; i += 2) {
        expect([m[i], v[i], Object.is(m[i], -0)]).toEqual([0, 0, false]);
        expect(Math.abs(m2[i])).toBeGreaterThan(0); // JS: ±0.9 * 2^-126, subnormal
      }
      for (let i = 1; i < n; i += 2) {
        expect(m[i]).toBe(m2[i]); // 0.9 * -2^-124 is still normal: exact in both
        expect(v[i]).toBeCloseTo(v2[i], 40);
      }
      expect(Array.from(w)).toEqual(Array.from(w2)); // an m of 2^-126 moves no O(1) weight
    });
  }

  it("sgdStep (plain, momentum, nesterov), rmspropStep and adagradStep over 5 steps", () => {
    const rng = new Rng(22);
    for (const n of SIZES) {
      const run = (k: WasmKernels | JsKernels, w: Float32Array, s: Float32Array, g: Float32Array, which: number) => {
        if (which < 3) k.sgdStep(n, w, g, s, 0.01, which === 0 ? 0 : 0.9, which === 2);
        else if (which === 3) k.rmspropStep(n, w, g, s, 0.001, 0.9, 1e-7);
        else k.adagradStep(n, w, g, s, 0.01, 1e-7);
      };
      for (let which = 0; which < 5; which++) {
        const w = filled(one, n, rng);
        const s = one.alloc(n);
        const g = one.alloc(n);
        const [w2, s2] = [Float32Array.from(w), new Float32Array(n)];
        for (let t = 0; t < 5; t++) {
          for (let i = 0; i < n; i++) g[i] = rng.normal() * 0.1;
          run(one, w, s, g, which);
          run(js, w2, s2, Float32Array.from(g), which);
        }
        close(s, s2, 1e-5, 1e-7); // v or s: O(0.1) sums that may cancel (sgd momentum)
        close(w, w2, 1e-6, 1e-6); // w is O(1): a few float32 ulps (1.2e-7) of cancellation near 0
      }
    }
  });

  it("dropoutMask draws the documented stream: mask[i] = nextU32() >= rate*2^32 ? 1/(1-rate) : 0, exactly", () => {
    for (const rate of [0.1, 0.5]) {
      const mask = one.alloc(1001);
      const rng = new Rng(12);
      one.dropoutMask(1001, rate, rng, mask);
      const ref = new Rng(12);
      const expected = Array.from({ length: 1001 }, () => Math.fround(ref.nextU32() >= rate * 2 ** 32 ? 1 / (1 - rate) : 0));
      expect(Array.from(mask)).toEqual(expected);
      expect(rng.nextU32()).toBe(ref.nextU32()); // the stream advanced by exactly n draws
    }
  });

  it("relu forward and backward, including 0, -0, NaN and ±Infinity", () => {
    const rng = new Rng(4);
    for (const n of SIZES) {
      const z = filled(one, n, rng);
      const special = [0, -0, NaN, Infinity, -Infinity];
      for (let i = 0; i < Math.min(n, 5); i++) z[i] = special[i];
      const y = one.alloc(n);
      const y2 = new Float32Array(n);
      one.activation("relu", 1, n, z, y);
      js.activation("relu", 1, n, z, y2);
      expect(Array.from(y)).toEqual(Array.from(y2));
      const dy = filled(one, n, rng);
      const dz = one.alloc(n);
      const dz2 = new Float32Array(n);
      one.activationBackward("relu", 1, n, z, y, dy, dz);
      js.activationBackward("relu", 1, n, z, y2, dy, dz2);
      expect(Array.from(dz)).toEqual(Array.from(dz2));
      one.activationBackward("relu", 1, n, z, y, dy, dy); // in place
      expect(Array.from(dy)).toEqual(Array.from(dz2));
    }
  });

  it("addBias and colSums (beta 0 and 1) on odd shapes, and batch 1", () => {
    const rng = new Rng(8);
    for (const [rows, cols] of [[1, 1], [1, 10], [3, 7], [33, 17], [32, 128]]) {
      const b = filled(one, cols, rng);
      const y = filled(one, rows * cols, rng);
      const y2 = Float32Array.from(y);
      one.addBias(rows, cols, b, y);
      js.addBias(rows, cols, b, y2);
      expect(Array.from(y)).toEqual(Array.from(y2)); // one float32 add each: exact
      for (const beta of [0, 1] as const) {
        const db = filled(one, cols, rng);
        const db2 = Float32Array.from(db);
        one.colSums(rows, cols, y, beta, db);
        js.colSums(rows, cols, y2, beta, db2);
        close(db, db2); // same order of additions, rounded to float32 at each
      }
    }
  });

  it("mul, axpy, scale and sumSquares (float64 sum)", () => {
    const rng = new Rng(9);
    for (const n of SIZES) {
      const a = filled(one, n, rng);
      const b = filled(one, n, rng);
      const out = one.alloc(n);
      const out2 = new Float32Array(n);
      one.mul(n, a, b, out);
      js.mul(n, a, b, out2);
      expect(Array.from(out)).toEqual(Array.from(out2));
      const y = filled(one, n, rng);
      const y2 = Float32Array.from(y);
      one.axpy(n, 0.37, a, y);
      js.axpy(n, 0.37, a, y2);
      close(y, y2);
      one.scale(n, -1.7, y);
      js.scale(n, -1.7, y2);
      close(y, y2);
      const s = one.sumSquares(n, a);
      expect(Math.abs(s - js.sumSquares(n, a))).toBeLessThanOrEqual(1e-12 * s);
      const a2 = two.alloc(n);
      a2.set(a);
      expect(Math.abs(two.sumSquares(n, a2) - s)).toBeLessThanOrEqual(1e-12 * s); // split over both threads
    }
    // a large one, split into chunks whose float64 partials are added in chunk order: the same sum on
    // every call whichever thread ran which chunk
    const big = filled(two, 100_352 + 5, rng);
    const first = two.sumSquares(big.length, big);
    expect(Math.abs(first - js.sumSquares(big.length, big))).toBeLessThanOrEqual(1e-12 * first);
    for (let r = 0; r < 20; r++) expect(two.sumSquares(big.length, big)).toBe(first);
  });

  it("gatherRows copies rows index[i] exactly (batch 1, odd widths, 32x784 split over both threads, repeats)", () => {
    const rng = new Rng(31);
    for (const k of [one, two]) {
      for (const [rows, width, count] of [
        [5, 1, 1],
        [50, 7, 13],
        [3000, 784, 32],
        [300, 784, 256],
      ]) {
        const table = filled(k, rows * width, rng);
        const index = Int32Array.from({ length: count }, () => rng.int(rows));
        index[0] = index[count - 1]; // a row twice
        const dst = k.alloc(count * width + 3);
        dst.fill(7);
        k.gatherRows(count, width, table, index, dst);
        const want = new Float32Array(count * width + 3).fill(7);
        js.gatherRows(count, width, table, index, want);
        expect(dst).toEqual(want);
      }
    }
  });

  it("startGatherRows gathers in the background while foreground jobs run; finishGather completes it", () => {
    const rng = new Rng(37);
    for (const k of [one, two]) {
      const [rows, width, count] = [2000, 784, 256];
      const table = filled(k, rows * width, rng);
      const index = Int32Array.from({ length: count }, () => rng.int(rows));
      const dst = k.alloc(count * width);
      const want = new Float32Array(count * width);
      js.gatherRows(count, width, table, index, want);
      k.startGatherRows(count, width, table, index, dst);
      index.fill(0); // the kernels keep their own copy of the indices
      const A = filled(k, 64 * 784, rng);
      const B = filled(k, 784 * 128, rng);
      const C = k.alloc(64 * 128);
      for (let r = 0; r < 5; r++) k.gemm(false, false, 64, 128, 784, A, B, 0, C); // foreground work meanwhile
      k.finishGather();
      expect(dst).toEqual(want);
      k.finishGather(); // nothing left: returns at once
    }
  });

  it("gatherRows works when its index buffer is the allocation that grows the memory", () => {
    const k = new WasmKernels({ threads: 1 });
    const table = k.alloc(10 * 4);
    table.set(Array.from({ length: 40 }, (_, i) => i));
    const dst = k.alloc(8);
    // fill the memory to its last 64-byte slot: the index buffer's reserve must grow it
    const probe = k.alloc(1);
    k.alloc((probe.buffer.byteLength - probe.byteOffset - 64) / 4);
    k.gatherRows(2, 4, table, Int32Array.of(9, 2), dst);
    expect(Array.from(dst)).toEqual([36, 37, 38, 39, 8, 9, 10, 11]);
    k.dispose();
  });

  it("gatherRows of a table outside its memory falls back to the JS backend (same rows)", () => {
    const table = Float32Array.from({ length: 40 }, (_, i) => i);
    const dst = one.alloc(8);
    one.gatherRows(2, 4, table, Int32Array.of(9, 2), dst);
    expect(Array.from(dst)).toEqual([36, 37, 38, 39, 8, 9, 10, 11]);
  });

  it("methods without a wasm version give the JS backend's values exactly (sigmoid, tanh, softmax, elu, losses)", () => {
    const rng = new Rng(10);
    const [rows, cols] = [7, 5];
    const z = filled(one, rows * cols, rng, 3);
    const y = one.alloc(rows * cols);
    const y2 = new Float32Array(rows * cols);
    for (const kind of ["sigmoid", "tanh", "softmax", "elu"] as const) {
      one.activation(kind, rows, cols, z, y);
      js.activation(kind, rows, cols, z, y2);
      expect(Array.from(y)).toEqual(Array.from(y2));
    }
    const t = one.alloc(rows * cols);
    for (let r = 0; r < rows; r++) t[r * cols + rng.int(cols)] = 1;
    const dz = one.alloc(rows * cols);
    const dz2 = new Float32Array(rows * cols);
    expect(one.softmaxCrossEntropy(rows, cols, z, y, t, dz, 1 / rows)).toBe(js.softmaxCrossEntropy(rows, cols, z, y2, t, dz2, 1 / rows));
    expect(Array.from(dz)).toEqual(Array.from(dz2));
    const y3 = new Float32Array(rows * cols);
    one.loss("mse", rows, cols, y, t, dz, 0.5);
    js.loss("mse", rows, cols, y2, t, y3, 0.5);
    expect(Array.from(dz)).toEqual(Array.from(y3));
  });
});

describe("training with the wasm backend", () => {
  it("a 784-128-10 relu/softmax model with Adam follows the JS backend's losses over 20 steps (1e-4 relative)", () => {
    const layers: LayerOptions[] = [
      { type: "dense", units: 128, activation: "relu", init: "he_normal", l2: 0 },
      { type: "dense", units: 10, activation: "softmax", init: "glorot_uniform", l2: 0 },
    ];
    const optimizer = { type: "adam", learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, weight_decay: 0 } as const;
    const make = (kernels: JsKernels | WasmKernels) =>
      buildModel(layers, { nIn: 784, nOut: 10, maxBatch: 32, kernels, rng: new Rng(1), loss: "categorical_crossentropy", optimizer });
    const a = make(js);
    const b = make(two);
    const rng = new Rng(2);
    for (let step = 0; step < 20; step++) {
      for (let i = 0; i < 32 * 784; i++) a.input[i] = rng.uniform();
      a.target.fill(0);
      for (let r = 0; r < 32; r++) a.target[r * 10 + rng.int(10)] = 1;
      b.input.set(a.input);
      b.target.set(a.target);
      const la = a.trainStep(a.input, a.target, 32, 0.001);
      const lb = b.trainStep(b.input, b.target, 32, 0.001);
      expect(Math.abs(la - lb)).toBeLessThanOrEqual(1e-4 * la);
    }
  });
  it("a CNN (conv same/valid, max pool, batch_norm, dropout) follows the JS backend's losses over 10 steps (1e-4 relative), batch 1 included", () => {
    const parse = (o: Record<string, unknown>) => layerRegistry[o.type as keyof typeof layerRegistry].options.parse(o) as LayerOptions;
    const layers: LayerOptions[] = [
      parse({ type: "conv2d", filters: 8, kernel_size: 3, padding: "same", activation: "relu", init: "he_normal" }),
      parse({ type: "max_pool2d", padding: "same" }),
      parse({ type: "conv2d", filters: 6, kernel_size: [3, 2], strides: [1, 2], activation: "relu" }),
      parse({ type: "batch_norm" }),
      parse({ type: "flatten" }),
      parse({ type: "dropout", rate: 0.3 }),
      parse({ type: "dense", activation: "softmax" }),
    ];
    const optimizer = { type: "adam", learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, weight_decay: 0 } as const;
    const make = (kernels: JsKernels | WasmKernels) =>
      buildModel(layers, { nIn: 11 * 9, inputShape: [11, 9, 1], nOut: 10, maxBatch: 16, kernels, rng: new Rng(1), loss: "categorical_crossentropy", optimizer });
    const a = make(js);
    const b = make(two);
    const rng = new Rng(2);
    for (let step = 0; step < 10; step++) {
      const batch = step === 4 ? 1 : 16;
      for (let i = 0; i < batch * 99; i++) a.input[i] = rng.uniform();
      a.target.fill(0);
      for (let r = 0; r < batch; r++) a.target[r * 10 + rng.int(10)] = 1;
      b.input.set(a.input);
      b.target.set(a.target);
      const la = a.trainStep(a.input, a.target, batch, 0.001);
      const lb = b.trainStep(b.input, b.target, batch, 0.001);
      expect(Math.abs(la - lb)).toBeLessThanOrEqual(1e-4 * la);
    }
  });
});

describe("wasm Aᵀ·B over a long k, in blocks of k (kBlock)", () => {
  // blocks continue the sums in C (beta 2), so the result is one pass's, bit for bit: with zeros in A
  // (the skipped tiles), odd m and n (edge tiles, a partial panel), and blocks of 7 rows to cut often
  const pairs = [
    [new WasmKernels({ threads: 1, kBlock: 7 }), new WasmKernels({ threads: 1, kBlock: Infinity })],
    [new WasmKernels({ threads: 2, gemmThreadMin: 0, kBlock: 64 }), new WasmKernels({ threads: 2, gemmThreadMin: 0, kBlock: Infinity })],
    [new WasmKernels({ threads: 2, gemmThreadMin: 0, fma: false, kBlock: 100 }), new WasmKernels({ threads: 2, gemmThreadMin: 0, fma: false, kBlock: Infinity })],
  ] as const;
  beforeAll(async () => {
    for (const p of pairs) for (const k of p) expect(await k.ready()).toBe(true);
  });
  afterAll(() => {
    for (const p of pairs) for (const k of p) k.dispose();
  });
  it.each(pairs.map((p, i) => [i, p] as const))("pair %i: the same bits as one pass, and within the naive tolerance", (_i, [blocked, whole]) => {
    const rng = new Rng(21);
    for (const [m, n, k] of [[9, 32, 1500], [288, 64, 700], [13, 11, 1031], [4, 8, 8]] as const) {
      const A = filled(blocked, k * m, rng);
      for (let i = 0; i < A.length; i++) if (rng.uniform() < 0.5) A[i] = 0;
      const B = filled(blocked, k * n, rng);
      const C1 = blocked.alloc(m * n).fill(NaN);
      blocked.gemm(true, false, m, n, k, A, B, 0, C1);
      const [A2, B2, C2] = [whole.alloc(k * m), whole.alloc(k * n), whole.alloc(m * n)];
      A2.set(A);
      B2.set(B);
      whole.gemm(true, false, m, n, k, A2, B2, 0, C2);
      expect(bits(C1)).toEqual(bits(C2));
      const { ref, mag } = naiveGemm(true, false, m, n, k, A, B, 0, C1);
      for (let i = 0; i < m * n; i++) expect(Math.abs(C1[i] - ref[i])).toBeLessThanOrEqual(1e-5 * mag[i] + 1e-7);
    }
  });
});

describe("wasm products with a large A, a row block at a time (rowBlockBytes)", () => {
  // each tile of C is the same micro-kernel call whatever the order of tiles: the same bits as
  // without row blocks, for A·B and A·Bᵀ, beta 0 and 1, partial panels and edge tiles
  const pairs = [
    [new WasmKernels({ threads: 1, rowBlockBytes: 4096 }), new WasmKernels({ threads: 1, rowBlockBytes: Infinity })],
    [new WasmKernels({ threads: 2, gemmThreadMin: 0, rowBlockBytes: 4096 }), new WasmKernels({ threads: 2, gemmThreadMin: 0, rowBlockBytes: Infinity })],
  ] as const;
  beforeAll(async () => {
    for (const p of pairs) for (const k of p) expect(await k.ready()).toBe(true);
  });
  afterAll(() => {
    for (const p of pairs) for (const k of p) k.dispose();
  });
  it.each(pairs.map((p, i) => [i, p] as const))("pair %i: the same bits as without row blocks, and within the naive tolerance", (_i, [blocked, whole]) => {
    const rng = new Rng(22);
    for (const [tb, m, n, k] of [[false, 3873, 64, 30], [true, 1001, 29, 17], [false, 517, 13, 71]] as const) {
      for (const beta of [0, 1] as const) {
        const A = filled(blocked, m * k, rng);
        const B = filled(blocked, k * n, rng);
        const C0 = filled(blocked, m * n, rng);
        const C1 = blocked.alloc(m * n);
        C1.set(C0);
        blocked.gemm(false, tb, m, n, k, A, B, beta, C1);
        const [A2, B2, C2] = [whole.alloc(m * k), whole.alloc(k * n), whole.alloc(m * n)];
        A2.set(A);
        B2.set(B);
        C2.set(C0);
        whole.gemm(false, tb, m, n, k, A2, B2, beta, C2);
        expect(bits(C1)).toEqual(bits(C2));
        const { ref, mag } = naiveGemm(false, tb, m, n, k, A, B, beta, C0);
        let worst = 0;
        for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(C1[i] - ref[i]) - (1e-5 * mag[i] + 1e-7));
        expect(worst).toBeLessThanOrEqual(0);
      }
    }
  });
});
