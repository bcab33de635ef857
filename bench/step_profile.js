#!/usr/bin/env node
// Where a REF-MLP training step goes: fit's loop (a shuffling Batcher over the training table in the
// kernels' memory, one trainStep per batch) on Fashion-MNIST, with every Kernels call timed by
// performance.now(); prints the epochs' times (profiler on: a little slower than the bench) and, per
// kernel and shape, µs per step averaged over the epochs after the first. Not part of `npm run bench`
// (its figures are diagnostic, not comparable with a peer); BENCHMARKS.md quotes it.
// Usage: npm run build && node bench/step_profile.js [THREADS=2] [BATCH=32] [EPOCHS=4]
import { Batcher } from "../dist/data/index.js";
import { Rng } from "../dist/engine/index.js";
import { WasmKernels } from "../dist/engine/kernels/wasm/wasm.js";
import { buildRefMlp, dataDir, loadData } from "./ref_mlp_model.js";

const [threads, batch, epochs] = [2, 32, 4].map((d, i) => Number(process.argv[2 + i] ?? d));
const kernels = new WasmKernels({ threads });
const { train } = loadData((n) => kernels.alloc(n));
await kernels.ready();

const totals = new Map();
for (const name of ["gemm", "adamStep", "sumSquares", "softmaxCrossEntropy", "gatherRows", "startGatherRows", "finishGather", "addBias", "colSums", "activation", "activationBackward"]) {
  const f = kernels[name].bind(kernels);
  kernels[name] = (...a) => {
    const t0 = performance.now();
    const r = f(...a);
    const key = name === "gemm" ? `gemm ${a[0] ? "T" : "N"}${a[1] ? "T" : "N"} ${a[2]}x${a[3]}x${a[4]}` : name;
    totals.set(key, (totals.get(key) ?? 0) + performance.now() - t0);
    return r;
  };
}
const model = buildRefMlp(kernels, batch);
const batcher = new Batcher(train, { batchSize: batch, shuffle: true, kernels });
const rng = new Rng(2);
const times = [];
for (let e = 0; e < epochs; e++) {
  if (e === 1) totals.clear(); // the first epoch warms up
  const t0 = performance.now();
  batcher.startEpoch(rng);
  for (let b = batcher.next(); b !== null; b = batcher.next()) model.trainStep(b.x, b.y, b.rows, 0.001);
  times.push((performance.now() - t0) / 1000);
}
kernels.dispose();
const steps = (epochs - 1) * batcher.batchesPerEpoch;
console.log(`REF-MLP on ${dataDir() ? "Fashion-MNIST" : "random data"}, ${kernels.name}, batch ${batch}: epochs ${times.map((t) => t.toFixed(3)).join(" ")} s`);
for (const [key, ms] of [...totals].sort((a, b) => b[1] - a[1])) console.log(`  ${key.padEnd(28)} ${((ms * 1000) / steps).toFixed(1).padStart(8)} µs/step`);
