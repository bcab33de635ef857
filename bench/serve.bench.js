// `mltrain serve` under load (autocannon, 127.0.0.1 only): requests/s and p50/p99 latency at 1 and 50
// concurrent connections, with single-row and 100-row JSON bodies, for an MLP (configs/digits.yaml)
// and a CNN (configs/digits-cnn.yaml), both on the digits rows (64 pixels). The models are trained
// for one epoch in a temp dir (the speed does not depend on the weights), each served by the real CLI
// (`bin/mltrain.js serve MODEL --port 0`, default batching: --max-batch 256, --batch-wait 2) in its own
// process; autocannon runs in this one, so on a 2-core machine client and server share the cores.
// Also prints rows per forward pass (from /health): what batching made of the concurrent requests.
// Bounded: BENCH_SECONDS per case (default 5), 8 cases, plus a 1 s warm-up per model.
// Env: BENCH_SECONDS, BENCH_SERVE_ARGS (extra serve options, e.g. "--batch-wait 0").
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..");
const bin = join(repo, "bin", "mltrain.js");
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const extra = (process.env.BENCH_SERVE_ARGS ?? "").split(" ").filter(Boolean);

function fit(config, out) {
  const r = spawnSync(process.execPath, [bin, "fit", join(repo, config), "-o", out, "--verbose", "0", "--set", "training.epochs=1"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`fit ${config} failed:\n${r.stderr}`);
  return join(out, "model.json");
}

function serve(model) {
  const child = spawn(process.execPath, [bin, "serve", model, "--port", "0", ...extra], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ url: m[1], child });
    });
    child.on("exit", (code) => reject(new Error(`serve exited (${code}): ${out}`)));
  });
}

function load(url, body, connections, duration) {
  return autocannon({ url: `${url}/predict`, method: "POST", headers: { "content-type": "application/json" }, body, connections, duration });
}

const health = async (url) => (await fetch(`${url}/health`)).json();

const csv = readFileSync(join(repo, "datasets/digits.csv"), "utf8").trim().split("\n");
const header = csv[0].split(",");
const rows = csv.slice(1, 101).map((l) => Object.fromEntries(l.split(",").map((v, j) => [header[j], Number(v)])));
const bodies = { "1 row": JSON.stringify({ rows: rows.slice(0, 1) }), "100 rows": JSON.stringify({ rows }) };

const dir = mkdtempSync(join(tmpdir(), "mltrain-bench-serve-"));
try {
  const models = { "MLP (digits.yaml, 64-64-32-10)": fit("configs/digits.yaml", join(dir, "mlp")), "CNN (digits-cnn.yaml)": fit("configs/digits-cnn.yaml", join(dir, "cnn")) };
  console.log(`node ${process.version}, ${seconds} s per case, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}${extra.length ? `, serve ${extra.join(" ")}` : ""}`);
  console.log("| model | body | connections | requests/s | rows/s | p50 ms | p99 ms | rows per forward pass | errors |");
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const [name, model] of Object.entries(models)) {
    const { url, child } = await serve(model);
    try {
      await load(url, bodies["1 row"], 10, 1); // warm-up
      for (const [what, body] of Object.entries(bodies)) {
        for (const connections of [1, 50]) {
          const before = await health(url);
          const r = await load(url, body, connections, seconds);
          const after = await health(url);
          const passes = after.forward_passes - before.forward_passes;
          const perPass = passes > 0 ? (after.rows_predicted - before.rows_predicted) / passes : 0;
          const n = what === "1 row" ? 1 : 100;
          const errors = r.errors + r.timeouts + r.non2xx;
          console.log(`| ${name} | ${what} | ${connections} | ${r.requests.average.toFixed(0)} | ${(r.requests.average * n).toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${perPass.toFixed(1)} | ${errors} |`);
        }
      }
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.on("exit", resolve));
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
