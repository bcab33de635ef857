// Engine micro-benchmark: one training epoch of a 784-128-10 network (relu, softmax + categorical
// crossentropy, adam) on 60,000 random rows, batch 32 and 256, with the plain TypeScript kernels (the
// correctness baseline; bench/ref_mlp.bench.js measures the default WebAssembly backend on real data).
// Reports the median of REPEATS epochs: seconds, samples/s and GFLOP/s, where one epoch is
//   rows * (2·784·128 + 2·128·10 [forward] + 2·784·128 + 2·128·10 [dW] + 2·128·10 [dx of layer 2])
//   = 24.5 GFLOP (the first layer computes no input gradient).
// Peer measured in the same run: the same epoch in PyTorch (float32, CPU), when /usr/bin/python3 has
// torch; it is informative only (the engine does not depend on it).
// Env: BENCH_ROWS (default 60000), BENCH_REPEATS (default 3), BENCH_PEER=0 to skip the torch peer.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { JsKernels, Rng } from "../dist/engine/index.js";
import { median } from "./median.js";
import { buildRefMlp, FLOP_PER_ROW, N_IN, N_OUT } from "./ref_mlp_model.js";

const ROWS = Number(process.env.BENCH_ROWS ?? 60000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

const rng = new Rng(42);
const X = new Float32Array(ROWS * N_IN);
for (let i = 0; i < X.length; i++) X[i] = rng.uniform();
const T = new Float32Array(ROWS * N_OUT);
for (let r = 0; r < ROWS; r++) T[r * N_OUT + rng.int(N_OUT)] = 1;


function engineEpoch(batch) {
  const kernels = new JsKernels();
  const model = buildRefMlp(kernels, batch);

  const times = [];
  let loss = 0;
  for (let rep = 0; rep < REPEATS; rep++) {
    const t0 = process.hrtime.bigint();
    let sum = 0;
    for (let r = 0; r < ROWS; r += batch) {
      const b = Math.min(batch, ROWS - r);
      model.input.set(X.subarray(r * N_IN, (r + b) * N_IN));
      model.target.set(T.subarray(r * N_OUT, (r + b) * N_OUT));
      sum += b * model.trainStep(model.input, model.target, b, 0.001);
    }
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    loss = sum / ROWS;
  }
  return { backend: kernels.name, times, loss };
}

const PEER = `
import sys, time, torch
torch.manual_seed(0)
rows, batch, reps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
X = torch.rand(rows, 784); y = torch.randint(0, 10, (rows,))
m = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
opt = torch.optim.Adam(m.parameters(), lr=1e-3, eps=1e-7)
ts = []
for _ in range(reps):
    t0 = time.perf_counter()
    for r in range(0, rows, batch):
        opt.zero_grad(); loss = torch.nn.functional.cross_entropy(m(X[r:r+batch]), y[r:r+batch]); loss.backward(); opt.step()
    ts.append(time.perf_counter() - t0)
print(" ".join(str(t) for t in ts), torch.__version__, torch.get_num_threads())
`;

function torchEpoch(batch) {
  if (process.env.BENCH_PEER === "0" || !existsSync("/usr/bin/python3")) return null;
  const r = spawnSync("/usr/bin/python3", ["-c", PEER, String(ROWS), String(batch), String(REPEATS)], {
    encoding: "utf8",
  });
  if (r.status !== 0) return null;
  const parts = r.stdout.trim().split(" ");
  const threads = parts.pop();
  const version = parts.pop();
  return { backend: `torch ${version} (${threads} threads)`, times: parts.map(Number) };
}

function row(name, batch, res) {
  const s = median(res.times);
  const gflops = (FLOP_PER_ROW * ROWS) / s / 1e9;
  return `| ${name} | ${batch} | ${s.toFixed(2)} | ${Math.round(ROWS / s).toLocaleString("en-US")} | ${gflops.toFixed(2)} |`;
}

console.log(
  `784-128-10 relu/softmax+CE/adam, ${ROWS} random rows, ${(FLOP_PER_ROW * ROWS) / 1e9} GFLOP per epoch, median of ${REPEATS} epochs, node ${process.version}`,
);
console.log("| backend | batch | seconds/epoch | samples/s | GFLOP/s |");
console.log("|---|---|---|---|---|");
for (const batch of [32, 256]) {
  const e = engineEpoch(batch);
  console.log(row(`mltrain ${e.backend}`, batch, e));
  const p = torchEpoch(batch);
  if (p) console.log(row(p.backend, batch, p));
}
