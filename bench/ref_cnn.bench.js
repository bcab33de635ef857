// REF-CNN end to end through the engine, side by side with PyTorch in the same invocation: Fashion-MNIST
// (60,000 train images, pixels / 255, [28, 28, 1]), bench/ref_cnn_model.js (conv 32 3x3 relu -> max pool
// 2 -> conv 64 3x3 relu -> max pool 2 -> flatten -> dropout 0.5 -> dense 10 softmax; categorical
// cross-entropy, Adam lr 0.001, eps 1e-7), shuffled mini-batches of 32 and 128.
// Each backend runs in its own child process (so its peak RSS is its own): wasm-simd on 2 threads, and
// ../shared/bench/torch_ref_cnn.py (relative to the repository) run by /usr/bin/python3 when both exist,
// with 2 threads, on the same rows. The rounds interleave the two (ours, PyTorch, then again), so that a
// shared machine's slow minutes fall on both. Prints, per batch size: median seconds per 60,000-image
// epoch over all rounds (scaled when BENCH_ROWS < 60,000), samples/s, GFLOP/s (FLOP_PER_IMAGE of the
// products that run), peak RSS, test accuracy on the 10,000 test images after the epochs (first round),
// the ratio to PyTorch's median, and that ratio round by round.
// Data: $MLTRAIN_DATA/fashion-mnist/, else /usr/share/datasets/fashion-mnist/; without it, random data.
// Env (a bounded run: BENCH_ROWS=6000 BENCH_EPOCHS=1 BENCH_ROUNDS=1): BENCH_ROWS (default 60000),
// BENCH_EPOCHS (default 2), BENCH_ROUNDS (default 2), BENCH_BATCHES (default "32,128"), BENCH_PEER=0
// skips PyTorch, BENCH_SHARED: the shared/ folder when it is not beside the repository (a worktree).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./median.js";
import { dataDir, loadData } from "./ref_mlp_model.js";
import { FLOP_PER_IMAGE, N_IN, N_OUT } from "./ref_cnn_model.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..");

// fit's training loop without its bookkeeping: a shuffling Batcher gathering through the kernels (the
// next batch in the background), one trainStep per batch; then the test accuracy
async function child(batch, epochs, rowsLimit) {
  const { WasmKernels } = await import("../dist/engine/kernels/wasm/wasm.js");
  const { Rng } = await import("../dist/engine/index.js");
  const { Batcher } = await import("../dist/data/index.js");
  const { buildRefCnn } = await import("./ref_cnn_model.js");
  const kernels = new WasmKernels({ threads: 2 });
  const { real, train: full, test } = loadData((n) => kernels.alloc(n));
  await kernels.ready();
  const model = buildRefCnn(kernels, batch);
  const rows = Math.min(rowsLimit, full.rows);
  const train = { ...full, rows, x: full.x.subarray(0, rows * N_IN), y: full.y.subarray(0, rows * N_OUT) };
  const batcher = new Batcher(train, { batchSize: batch, shuffle: true, kernels });
  const rng = new Rng(2);
  const times = [];
  for (let e = 0; e < epochs; e++) {
    const t0 = performance.now();
    batcher.startEpoch(rng);
    for (let b = batcher.next(); b !== null; b = batcher.next()) model.trainStep(b.x, b.y, b.rows, 0.001);
    times.push((performance.now() - t0) / 1000);
  }
  let correct = 0;
  for (let r = 0; r < test.rows; r += batch) {
    const b = Math.min(batch, test.rows - r);
    const p = model.predict(test.x.subarray(r * N_IN, (r + b) * N_IN), b);
    for (let i = 0; i < b; i++) {
      let best = 0;
      for (let c = 1; c < N_OUT; c++) if (p[i * N_OUT + c] > p[i * N_OUT + best]) best = c;
      if (best === test.labels[r + i]) correct++;
    }
  }
  kernels.dispose();
  const scale = 60000 / rows;
  console.log(
    JSON.stringify({
      backend: kernels.name,
      rows,
      epoch_s: times.map((t) => t * scale),
      accuracy: real ? correct / test.rows : null,
      rss_mb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

function runChild(batch, epochs, rows) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", String(batch), String(epochs), String(rows)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`wasm child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

function runTorch(batch, epochs, rows) {
  const script = join(process.env.BENCH_SHARED ?? join(repo, "..", "shared"), "bench", "torch_ref_cnn.py");
  if (process.env.BENCH_PEER === "0" || !existsSync(script) || !existsSync("/usr/bin/python3") || !dataDir()) return null;
  const args = [script, "--batch-size", String(batch), "--epochs", String(epochs), "--rows", String(rows), "--threads", "2", "--data", dataDir() + "/"];
  const r = spawnSync("/usr/bin/time", ["-f", "maxrss_kb=%M", "/usr/bin/python3", ...args], { encoding: "utf8" });
  if (r.status !== 0) return null;
  const out = JSON.parse(r.stdout.trim().split("\n").pop());
  const rss = Number(/maxrss_kb=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  return { backend: `${out.peer} ${out.torch} x${out.threads}`, rows: out.rows, epoch_s: out.epoch_s.map((t) => (t * 60000) / out.rows), accuracy: out.test_accuracy, rss_mb: rss };
}

async function main() {
  const rows = Math.min(60000, Number(process.env.BENCH_ROWS ?? 60000));
  const epochs = Number(process.env.BENCH_EPOCHS ?? 2);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  const batches = (process.env.BENCH_BATCHES ?? "32,128").split(",").map(Number);
  const real = dataDir() !== null;
  console.log(
    `REF-CNN on ${real ? "Fashion-MNIST" : "RANDOM data of Fashion-MNIST's shape"}: ${rows.toLocaleString("en-US")} rows/epoch` +
      `${rows < 60000 ? " (times scaled to 60,000)" : ""}, ${((FLOP_PER_IMAGE * 60000) / 1e9).toFixed(0)} GFLOP per 60,000-image epoch, ` +
      `${rounds} rounds x ${epochs} epochs per backend, interleaved; s/epoch = median of all its epochs; node ${process.version}`,
  );
  console.log("| batch | backend | s/epoch | samples/s | GFLOP/s | peak RSS MB | test acc | vs PyTorch | per round |");
  console.log("|---:|---|---:|---:|---:|---:|---:|---:|---|");
  for (const batch of batches) {
    const ours = [];
    const torch = [];
    for (let round = 0; round < rounds; round++) {
      ours.push(runChild(batch, epochs, rows));
      const t = runTorch(batch, epochs, rows);
      if (t) torch.push(t);
    }
    const ref = torch.length > 0 ? median(torch.flatMap((r) => r.epoch_s)) : null;
    for (const runs of torch.length > 0 ? [ours, torch] : [ours]) {
      const r = runs[0];
      const s = median(runs.flatMap((x) => x.epoch_s));
      const perRound = torch.length === runs.length ? runs.map((x, i) => (median(x.epoch_s) / median(torch[i].epoch_s)).toFixed(2)).join(" ") : "-";
      console.log(
        `| ${batch} | ${r.backend} | ${s.toFixed(2)} | ${Math.round(60000 / s).toLocaleString("en-US")} | ${((FLOP_PER_IMAGE * 60000) / s / 1e9).toFixed(1)} | ` +
          `${Math.max(...runs.map((x) => x.rss_mb)).toFixed(0)} | ${r.accuracy === null ? "-" : r.accuracy.toFixed(4)} | ${ref ? (s / ref).toFixed(2) : "-"} | ${perRound} |`,
      );
    }
  }
}

if (process.argv[2] === "--child") await child(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]));
else await main();
