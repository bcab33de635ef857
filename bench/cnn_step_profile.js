#!/usr/bin/env node
// Where a REF-CNN training step goes (bench/ref_cnn_model.js): fit's loop (a shuffling Batcher over the
// training table in the kernels' memory, one trainStep per batch) on Fashion-MNIST, with every Kernels
// call and every layer's forward and backward timed by performance.now(). Prints the epochs' times
// (profiler on: a little slower than the bench) and µs per step over the epochs after the first: per
// kernel and shape, and per layer the time spent outside kernel calls (its own loops). Not part of
// `npm run bench` (diagnostic figures); BENCHMARKS.md quotes it.
// Usage: npm run build && node bench/cnn_step_profile.js [THREADS=2] [BATCH=32] [EPOCHS=2] [ROWS=60000]
import { Batcher } from "../dist/data/index.js";
import { JsKernels, Rng } from "../dist/engine/index.js";
import { WasmKernels } from "../dist/engine/kernels/wasm/wasm.js";
import { dataDir, loadData } from "./ref_mlp_model.js";
import { buildRefCnn } from "./ref_cnn_model.js";

const [threads, batch, epochs, rowsLimit] = [2, 32, 2, 60000].map((d, i) => Number(process.argv[2 + i] ?? d));
const kernels = new WasmKernels({ threads });
const { train: full } = loadData((n) => kernels.alloc(n));
const rows = Math.min(rowsLimit, full.rows);
const train = { ...full, rows, x: full.x.subarray(0, rows * 784), y: full.y.subarray(0, rows * 10) };
await kernels.ready();

const totals = new Map();
const add = (key, ms) => totals.set(key, (totals.get(key) ?? 0) + ms);
let inKernels = 0; // ms spent in kernel calls since the current layer call began
// the Kernels interface's methods (the JS backend's, which has no others), not the wasm one's helpers
const kernelNames = Object.getOwnPropertyNames(JsKernels.prototype).filter((n) => n !== "constructor" && !["alloc", "owns", "dispose"].includes(n));
for (const name of kernelNames) {
  const f = kernels[name].bind(kernels);
  kernels[name] = (...a) => {
    const t0 = performance.now();
    const r = f(...a);
    const ms = performance.now() - t0;
    inKernels += ms;
    add(name === "gemm" ? `gemm ${a[0] ? "T" : "N"}${a[1] ? "T" : "N"} ${a[2]}x${a[3]}x${a[4]}` : `${name}${name.startsWith("activation") ? ` ${a[0]} ${a[1]}x${a[2]}` : ""}`, ms);
    return r;
  };
}
const model = buildRefCnn(kernels, batch);
for (const layer of model.layers) {
  for (const pass of ["forward", "backward"]) {
    const f = layer[pass].bind(layer);
    layer[pass] = (...a) => {
      const outer = inKernels;
      inKernels = 0;
      const t0 = performance.now();
      const r = f(...a);
      const ms = performance.now() - t0;
      add(`${layer.name}.${pass} (own loops)`, ms - inKernels);
      inKernels = outer + ms;
      return r;
    };
  }
}
const batcher = new Batcher(train, { batchSize: batch, shuffle: true, kernels });
const rng = new Rng(2);
const times = [];
let stepMs = 0;
for (let e = 0; e < epochs; e++) {
  if (e === 1) {
    totals.clear(); // the first epoch warms up
    stepMs = 0;
  }
  const t0 = performance.now();
  batcher.startEpoch(rng);
  for (let b = batcher.next(); b !== null; b = batcher.next()) {
    const s0 = performance.now();
    model.trainStep(b.x, b.y, b.rows, 0.001);
    stepMs += performance.now() - s0;
  }
  times.push((performance.now() - t0) / 1000);
}
kernels.dispose();
const steps = (epochs - 1) * batcher.batchesPerEpoch;
const scale = 60000 / rows;
console.log(
  `REF-CNN on ${dataDir() ? "Fashion-MNIST" : "random data"} (${rows} rows), ${kernels.name}, batch ${batch}: epochs ${times.map((t) => (t * scale).toFixed(2)).join(" ")} s per 60,000 rows; trainStep ${((stepMs * 1000) / steps).toFixed(0)} µs`,
);
let sum = 0;
for (const [key, ms] of [...totals].sort((a, b) => b[1] - a[1])) {
  sum += ms;
  console.log(`  ${key.padEnd(40)} ${((ms * 1000) / steps).toFixed(1).padStart(9)} µs/step ${((100 * ms) / stepMs).toFixed(1).padStart(5)}%`);
}
console.log(`  ${"(rest of trainStep)".padEnd(40)} ${(((stepMs - sum) * 1000) / steps).toFixed(1).padStart(9)} µs/step`);
