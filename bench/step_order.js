#!/usr/bin/env node
// Which kernel slows the one after it: REF-MLP's three large kernels — x·W (784x128, forward), xᵀ·dz
// (its weight gradient) and Adam on W — run in loops on real Fashion-MNIST batches (gathered as fit
// does), each sequence naming which of them run before Adam, and µs per call of each. Also the
// fraction of the batches' pixels that are nonzero. Diagnostic, not part of `npm run bench`;
// BENCHMARKS.md quotes it (session 4: Adam after x·W, before and after the split-k x·W).
// Usage: npm run build && node bench/step_order.js [BATCH=32] ['{WasmKernelsOptions}'] [SEQUENCE...]
//   SEQUENCE: "adam", "tn", "nn", "nn+tn" (default: all four); e.g. '{"threads":1,"sparseRows":false}'
import { WasmKernels } from "../dist/engine/kernels/wasm/wasm.js";
import { loadData } from "./ref_mlp_model.js";

const batch = Number(process.argv[2] ?? 32);
const opts = JSON.parse(process.argv[3] ?? "{}");
const sequences = process.argv.length > 4 ? process.argv.slice(4) : ["adam", "tn", "nn", "nn+tn"];
const STEPS = 3000;
const WARM = 500;

const k = new WasmKernels(opts);
const { train } = loadData((n) => k.alloc(n));
await k.ready();
const [nIn, nHid] = [784, 128];
const n = nIn * nHid;
const [W, G, M, V] = [k.alloc(n), k.alloc(n), k.alloc(n), k.alloc(n)];
const [X, Z, DZ] = [k.alloc(batch * nIn), k.alloc(batch * nHid), k.alloc(batch * nHid)];
for (let i = 0; i < n; i++) W[i] = Math.sin(i) * 0.05;
for (let i = 0; i < DZ.length; i++) DZ[i] = i % 3 ? 0 : Math.cos(i) * 0.01; // a relu's zeros
const index = new Int32Array(batch);
let seed = 3;
const nextRow = () => (seed = (seed * 1103515245 + 12345) >>> 0) % train.rows;

let nonzero = 0;
console.log(`batch ${batch}, ${k.name} ${JSON.stringify(opts)}: µs per call (median of ${STEPS - WARM} steps after ${WARM})`);
for (const seq of sequences) {
  const t = { nn: [], tn: [], adam: [] };
  for (let s = 0; s < STEPS; s++) {
    for (let i = 0; i < batch; i++) index[i] = nextRow();
    k.gatherRows(batch, nIn, train.x, index, X);
    const t0 = performance.now();
    if (seq.includes("nn")) k.gemm(false, false, batch, nHid, nIn, X, W, 0, Z);
    const t1 = performance.now();
    if (seq.includes("tn")) k.gemm(true, false, nIn, nHid, batch, X, DZ, 0, G);
    const t2 = performance.now();
    k.adamStep(n, W, G, M, V, 0.001, 0.9, 0.999, 1e-7, 0.5, 0.5, 0);
    const t3 = performance.now();
    if (s < WARM) continue;
    t.nn.push(t1 - t0);
    t.tn.push(t2 - t1);
    t.adam.push(t3 - t2);
    if (seq === sequences[0]) for (let i = 0; i < X.length; i++) nonzero += X[i] !== 0 ? 1 : 0;
  }
  const med = (xs) => ((xs.sort((a, b) => a - b)[xs.length >> 1] ?? 0) * 1000).toFixed(1);
  const parts = [seq.includes("nn") && `x·W ${med(t.nn)}`, seq.includes("tn") && `xᵀ·dz ${med(t.tn)}`, `Adam ${med(t.adam)}`];
  console.log(`  ${seq.padEnd(6)} ${parts.filter(Boolean).join("  ")}`);
}
console.log(`  nonzero pixels: ${(nonzero / ((STEPS - WARM) * batch * nIn)).toFixed(3)}`);
k.dispose();
