#!/usr/bin/env node
// CSV load benchmark: Fashion-MNIST's 60,000 x 785 training set as a CSV (~130 MB), loaded by mltrain's
// reader and by pandas.read_csv, side by side in one run. Each load runs in a fresh process (so peak RSS
// is that load's), the tools alternate, and the table reports the median of N runs.
//
//   npm run build && node bench/csv_load.mjs [runs=3] [--no-csv-parse]
// (--no-csv-parse skips the slow csv-parse-path rows, ~40 s each here.)
//
// Needs /usr/share/datasets/fashion-mnist/*.gz (apt-get install dataset-fashion-mnist) and /usr/bin/python3
// with pandas (apt-get install python3-pandas). The CSV is written to $TMPDIR/mltrain-bench/ (not the repo):
// header `label,pixel1..pixel784` (Kaggle's layout), one image per row, values as integers.
// Set MLTRAIN_DIST to benchmark a build in another folder (default: ./dist).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { median } from "./median.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.env.MLTRAIN_DIST ?? path.join(here, "..", "dist"));
const idxDir = "/usr/share/datasets/fashion-mnist";
const outDir = path.join(os.tmpdir(), "mltrain-bench");
const csv = path.join(outDir, "fashion_mnist_train.csv");

// --- child modes: one load, one JSON line on stdout -------------------------------------------------
if (process.argv[2] === "--child") {
  const mode = process.argv[3];
  const { readCsv, loadData } = await import(path.join(dist, "data", "index.js"));
  const t0 = performance.now();
  let info;
  if (mode === "read" || mode === "read-csv-parse") {
    const parser = mode === "read" ? "auto" : "csv-parse";
    const select = (h) => h.map((n) => (n === "label" ? "target" : "feature"));
    const t = await readCsv(csv, { display: csv, select, missingIsError: true, parser });
    info = { rows: t.rows, cols: t.header.length };
  } else {
    const cfg = {
      path: csv, target: "label", ignore: [], task: "auto", normalize: "standard", missing: "error",
      split: { train: 0.8, validation: 0.1, test: 0.1, shuffle: true, stratify: true },
    };
    const d = await loadData(cfg, { baseDir: "/", seed: 42 });
    info = { rows: d.train.rows + d.validation.rows + d.test.rows, cols: d.train.nIn + 1, task: d.task };
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ seconds, maxRssMB: process.resourceUsage().maxRSS / 1024, ...info }));
  process.exit(0);
}

// --- the CSV from the IDX files -----------------------------------------------------------------------
function makeCsv() {
  if (existsSync(csv) && statSync(csv).size > 100e6) return;
  mkdirSync(outDir, { recursive: true });
  const images = gunzipSync(readFileSync(path.join(idxDir, "train-images-idx3-ubyte.gz")));
  const labels = gunzipSync(readFileSync(path.join(idxDir, "train-labels-idx1-ubyte.gz")));
  const n = images.readUInt32BE(4);
  const px = images.readUInt32BE(8) * images.readUInt32BE(12);
  if (images.readUInt32BE(0) !== 2051 || labels.readUInt32BE(0) !== 2049 || labels.readUInt32BE(4) !== n) throw new Error("not IDX files");
  const parts = ["label," + Array.from({ length: px }, (_, i) => `pixel${i + 1}`).join(",") + "\n"];
  for (let r = 0; r < n; r++) {
    const row = new Array(px + 1);
    row[0] = labels[8 + r];
    for (let j = 0; j < px; j++) row[j + 1] = images[16 + r * px + j];
    parts.push(row.join(",") + "\n");
  }
  writeFileSync(csv, parts.join(""));
}

const pandasCode = `
import json, resource, sys, time
import pandas as pd
t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1])
s = time.perf_counter() - t0
print(json.dumps({"seconds": s, "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rows": len(df), "cols": df.shape[1]}))
`;

function runOnce(tool) {
  const [cmd, args] =
    tool === "pandas.read_csv"
      ? ["/usr/bin/python3", ["-c", pandasCode, csv]]
      : [process.execPath, [fileURLToPath(import.meta.url), "--child", childModes[tool]]];
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${tool} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}


const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 3);
makeCsv();
// readCsv: the reader alone (pandas.read_csv's job); its csv-parse path (what quoted files take); loadData:
// read + stratified split + standardization fitted on train + the three Float32Array tables.
const childModes = { "mltrain readCsv": "read", "mltrain readCsv (csv-parse path)": "read-csv-parse", "mltrain loadData": "load" };
if (process.argv.includes("--no-csv-parse")) delete childModes["mltrain readCsv (csv-parse path)"];
const tools = ["pandas.read_csv", ...Object.keys(childModes)];
const results = Object.fromEntries(tools.map((t) => [t, []]));
for (let i = 0; i < runs; i++) for (const t of tools) results[t].push(runOnce(t));
const pandasVersion = execFileSync("/usr/bin/python3", ["-c", "import pandas; print(pandas.__version__)"], { encoding: "utf8" }).trim();
const base = median(results["pandas.read_csv"].map((r) => r.seconds));
console.log(`CSV load: ${csv} (${(statSync(csv).size / 1e6).toFixed(1)} MB, ${results[tools[1]][0].rows} rows x ${results[tools[1]][0].cols} columns)`);
console.log(`node ${process.version}, pandas ${pandasVersion}, ${os.cpus().length} CPUs (${os.cpus()[0].model}), ${runs} runs each, medians`);
console.log("| tool | seconds (median) | runs | vs pandas | peak RSS MB (median) |");
console.log("|---|---|---|---|---|");
for (const t of tools) {
  const s = results[t].map((r) => r.seconds);
  const m = median(s);
  const rss = median(results[t].map((r) => r.maxRssMB));
  console.log(`| ${t} | ${m.toFixed(2)} | ${s.map((x) => x.toFixed(2)).join(", ")} | ${(m / base).toFixed(2)}x | ${rss.toFixed(0)} |`);
}
