// REF-MLP end to end through the engine, side by side with PyTorch in the same invocation:
// Fashion-MNIST (60,000 train rows, pixels / 255), 784 -> dense 128 relu -> dense 10 softmax,
// categorical cross-entropy, Adam lr 0.001 (eps 1e-7), shuffled mini-batches of 32 and 256.
// Each backend runs in its own child process (so its peak RSS is its own): wasm-simd on 2 threads and
// on 1, and the plain JS backend on the first BENCH_JS_ROWS rows only (its epoch time is scaled up to
// 60,000 rows; it is too slow for whole epochs). PyTorch is ../shared/bench/torch_ref_mlp.py (relative
// to the repository) run by /usr/bin/python3 when both exist.
// Every backend runs BENCH_ROUNDS times, the rounds interleaved (wasm x2, wasm x1, PyTorch, then again),
// so that a shared machine's slow minutes fall on all of them. Prints, per batch size: median seconds
// per epoch over all rounds, samples/s, GFLOP/s (24.55 GFLOP per epoch: the first layer computes no
// input gradient), peak RSS of the process, test accuracy after the epochs (first round), the ratio of
// the median epoch time to PyTorch's, and that ratio round by round.
// Data: $MLTRAIN_DATA/fashion-mnist/, else /usr/share/datasets/fashion-mnist/ (apt-get install
// dataset-fashion-mnist); without it, random data of the same shape (accuracy then means nothing).
// Env: BENCH_EPOCHS (default 3), BENCH_ROUNDS (default 3), BENCH_BATCHES (default "32,256"),
// BENCH_JS_ROWS (default 6000, 0 skips the JS backend), BENCH_PEER=0 skips PyTorch.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./median.js";
import { buildRefMlp, dataDir, FLOP_PER_ROW, loadData, N_IN, N_OUT } from "./ref_mlp_model.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..");

// The training loop of src/train/fit.ts without its bookkeeping: a shuffling Batcher gathering through
// the kernels (the next batch in the background), one trainStep per batch.
async function child(backend, batch, epochs, rowsLimit) {
  const { JsKernels, Rng } = await import("../dist/engine/index.js");
  const { WasmKernels } = await import("../dist/engine/kernels/wasm/wasm.js");
  const { Batcher } = await import("../dist/data/index.js");
  const kernels = backend === "js" ? new JsKernels() : new WasmKernels({ threads: backend === "wasm2" ? 2 : 1 });
  const { real, train: full, test } = loadData((n) => kernels.alloc(n));
  if (kernels.ready) await kernels.ready();
  const model = buildRefMlp(kernels, batch);

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
  const scale = full.rows / rows;
  console.log(
    JSON.stringify({
      backend: kernels.name,
      rows,
      epoch_s: times.map((t) => t * scale),
      accuracy: real && rows === full.rows ? correct / test.rows : null,
      rss_mb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

function runChild(backend, batch, epochs, rows) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", backend, String(batch), String(epochs), String(rows)], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`${backend} child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

function runTorch(batch, epochs) {
  const script = join(repo, "..", "shared", "bench", "torch_ref_mlp.py");
  if (process.env.BENCH_PEER === "0" || !existsSync(script) || !existsSync("/usr/bin/python3") || !dataDir()) return null;
  const r = spawnSync("/usr/bin/time", ["-f", "maxrss_kb=%M", "/usr/bin/python3", script, "--batch-size", String(batch), "--epochs", String(epochs), "--data", dataDir() + "/"], {
    encoding: "utf8",
  });
  if (r.status !== 0) return null;
  const out = JSON.parse(r.stdout.trim().split("\n").pop());
  const rss = Number(/maxrss_kb=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  return { backend: out.peer, rows: 60000, epoch_s: out.epoch_s, accuracy: out.test_accuracy, rss_mb: rss };
}

async function main() {
  const epochs = Number(process.env.BENCH_EPOCHS ?? 3);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const batches = (process.env.BENCH_BATCHES ?? "32,256").split(",").map(Number);
  const jsRows = Number(process.env.BENCH_JS_ROWS ?? 6000);
  const real = dataDir() !== null;
  console.log(
    `REF-MLP on ${real ? "Fashion-MNIST" : "RANDOM data of Fashion-MNIST's shape"}: 60,000 rows/epoch, ${(FLOP_PER_ROW * 60000) / 1e9} GFLOP/epoch, ` +
      `${rounds} rounds x ${epochs} epochs per backend, interleaved; s/epoch = median of all its epochs (js: 1 epoch of ${jsRows} rows, scaled, ` +
      `first round only), node ${process.version}`,
  );
  console.log("| batch | backend | s/epoch | samples/s | GFLOP/s | peak RSS MB | test acc | vs PyTorch | per round |");
  console.log("|---:|---|---:|---:|---:|---:|---:|---:|---|");
  for (const batch of batches) {
    // backend -> the results of each round (a shared machine drifts: every round runs every backend)
    const byBackend = new Map();
    const add = (key, r) => r && byBackend.set(key, [...(byBackend.get(key) ?? []), r]);
    for (let round = 0; round < rounds; round++) {
      add("wasm2", runChild("wasm2", batch, epochs, 60000));
      add("wasm1", runChild("wasm1", batch, epochs, 60000));
      if (jsRows > 0 && round === 0) add("js", runChild("js", batch, 1, jsRows));
      add("torch", runTorch(batch, epochs));
    }
    const torch = byBackend.get("torch") ?? null;
    const ref = torch ? median(torch.flatMap((r) => r.epoch_s)) : null;
    for (const runs of byBackend.values()) {
      const r = runs[0];
      const s = median(runs.flatMap((x) => x.epoch_s));
      const perRound = torch && runs.length === torch.length ? runs.map((x, i) => (median(x.epoch_s) / median(torch[i].epoch_s)).toFixed(2)).join(" ") : "-";
      const name = r.rows < 60000 ? `${r.backend} (${r.rows} rows, scaled)` : r.backend;
      console.log(
        `| ${batch} | ${name} | ${s.toFixed(2)} | ${Math.round(60000 / s).toLocaleString("en-US")} | ${((FLOP_PER_ROW * 60000) / s / 1e9).toFixed(1)} | ` +
          `${Math.max(...runs.map((x) => x.rss_mb)).toFixed(0)} | ${r.accuracy === null ? "-" : r.accuracy.toFixed(4)} | ${ref ? (s / ref).toFixed(2) : "-"} | ${perRound} |`,
      );
    }
  }
}

if (process.argv[2] === "--child") await child(process.argv[3], Number(process.argv[4]), Number(process.argv[5]), Number(process.argv[6]));
else await main();
