#!/usr/bin/env node
// A/B of two WasmKernels configurations in one process, for changes too small to see between whole
// runs on a shared machine (its speed drifts by 10-50% from one minute to the next). Two REF-MLP
// models train fit's loop side by side, each on its own kernels (options A and B, each with its own
// memory and copy of the training table); they take turns every WINDOW steps, so that both see the
// same minutes of the host. Prints µs per step of each (percentiles over the windows) and B / A.
// Diagnostic, not part of `npm run bench`; BENCHMARKS.md quotes it.
// Usage: npm run build && node bench/kernels_ab.js [BATCH=32] [EPOCHS=3] ['{"skipZeros":false,"sparseRows":false}'] ['{}']
//   (A and B are JSON WasmKernelsOptions; defaults: A = no zero skipping of either kind, B = the defaults)
// Two builds: A_DIST and/or B_DIST name another build's dist/ folder (say, of a `git worktree` of an
// older commit with its own `npm run build`): that side's kernels and model come from it.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Batcher } from "../dist/data/index.js";
import { Rng } from "../dist/engine/index.js";
import { buildRefMlp, loadData } from "./ref_mlp_model.js";

const dist = (dir) => (dir ? pathToFileURL(resolve(dir)).href : new URL("../dist", import.meta.url).href);
const builds = [];
for (const dir of [process.env.A_DIST, process.env.B_DIST]) {
  const base = dist(dir);
  builds.push({ dir: dir ?? "dist", engine: await import(`${base}/engine/index.js`), wasm: await import(`${base}/engine/kernels/wasm/wasm.js`) });
}

const batch = Number(process.argv[2] ?? 32);
const epochs = Number(process.argv[3] ?? 3);
const options = [JSON.parse(process.argv[4] ?? '{"skipZeros":false,"sparseRows":false}'), JSON.parse(process.argv[5] ?? "{}")];
const WINDOW = batch >= 128 ? 8 : 40;

const sides = [];
for (const [i, opts] of options.entries()) {
  const { engine, wasm } = builds[i];
  const kernels = new wasm.WasmKernels(opts);
  const { train } = loadData((n) => kernels.alloc(n));
  await kernels.ready();
  const batcher = new Batcher(train, { batchSize: batch, shuffle: true, kernels });
  // epoch: epochs started; left: batches left in the current one
  sides.push({ opts, kernels, model: buildRefMlp(kernels, batch, engine), batcher, rng: new Rng(2), windows: [], epoch: 0, left: 0 });
}

// one side runs up to WINDOW steps of its current epoch; returns false once it has done all its epochs
function run(side) {
  let steps = 0;
  const t0 = performance.now();
  while (steps < WINDOW) {
    if (side.left === 0) {
      if (side.epoch === epochs) break;
      side.epoch++;
      side.batcher.startEpoch(side.rng);
      side.left = side.batcher.batchesPerEpoch;
    }
    const b = side.batcher.next();
    side.model.trainStep(b.x, b.y, b.rows, 0.001);
    side.left--;
    steps++;
  }
  if (steps === WINDOW) side.windows.push(((performance.now() - t0) * 1000) / steps);
  return steps > 0;
}

for (let turn = 0; ; turn ^= 1) {
  const a = run(sides[turn]);
  const b = run(sides[turn ^ 1]);
  if (!a && !b) break;
}
for (const s of sides) s.kernels.dispose();

const pct = (xs, q) => [...xs].sort((x, y) => x - y)[Math.floor(q * (xs.length - 1))];
const qs = [0.1, 0.25, 0.5];
console.log(`REF-MLP, batch ${batch}, ${epochs} epochs each, turns of ${WINDOW} steps; µs per step at percentiles ${qs.map((q) => q * 100).join("/")} of ${sides[0].windows.length} windows`);
sides.forEach((s, i) => {
  console.log(`  ${"AB"[i]} ${s.kernels.name} ${builds[i].dir} ${JSON.stringify(s.opts)}: ${qs.map((q) => pct(s.windows, q).toFixed(0)).join(" / ")}`);
});
console.log(`  B / A: ${qs.map((q) => (pct(sides[1].windows, q) / pct(sides[0].windows, q)).toFixed(3)).join(" / ")}`);
