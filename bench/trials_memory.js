#!/usr/bin/env node
// Resident memory of many sequential fits in one process (what a tune study's trials are): runs
// `mltrain fit CONFIG` TRIALS times in-process (the CLI's run() with silent streams, each into its own
// run folder under a temp dir), and prints the process's RSS after each trial and the growth per trial
// from the tenth trial on (the first ones warm up the JIT and the allocator): the least-squares slope
// of RSS against the trial number. With --expose-gc, also the RSS after a full collection at the end
// (what is still referenced, without the garbage that a later collection would free anyway).
//
// Usage: npm run build && node [--expose-gc] bench/trials_memory.js [CONFIG=configs/iris.yaml] [TRIALS=50] [--set k=v ...]
// (env DIST: another build's dist/ folder, to compare two builds)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dist = process.env.DIST ? path.resolve(process.env.DIST) : path.join(path.dirname(fileURLToPath(import.meta.url)), "../dist");
const { run } = await import(path.join(dist, "cli/program.js"));

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const sets = [];
const positional = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--set") sets.push("--set", args[++i]);
  else positional.push(args[i]);
}
const config = positional[0] ?? "configs/iris.yaml";
const trials = Number(positional[1] ?? 50);
const out = mkdtempSync(path.join(tmpdir(), "mltrain-trials-"));
const silent = { write: () => true, isTTY: false };
const io = { stdout: silent, stderr: { write: (s) => process.stderr.write(s), isTTY: false }, env: process.env, cwd: root };
const mb = (bytes) => bytes / (1 << 20);

const rss = [];
const t0 = performance.now();
try {
  for (let i = 0; i < trials; i++) {
    const dir = path.join(out, String(i).padStart(4, "0"));
    const code = await run(["fit", config, "-o", dir, "--verbose", "0", ...sets], io);
    if (code !== 0) throw new Error(`trial ${i + 1}: exit code ${code}`);
    const m = process.memoryUsage();
    rss.push(m.rss);
    console.log(`trial ${String(i + 1).padStart(3)}  rss ${mb(m.rss).toFixed(1)} MB  heap ${mb(m.heapUsed).toFixed(1)} MB`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
const from = Math.min(9, trials - 1);
const tail = rss.slice(from);
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
const [mx, my] = [(tail.length - 1) / 2, mean(tail)];
const slope = tail.length > 1 ? tail.reduce((s, v, i) => s + (i - mx) * (v - my), 0) / tail.reduce((s, _, i) => s + (i - mx) ** 2, 0) : 0;
let afterGc = "";
if (globalThis.gc) {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 10));
    globalThis.gc();
  }
  afterGc = `; ${mb(process.memoryUsage().rss).toFixed(1)} MB after a full gc`;
}
console.log(
  `${trials} fits of ${config}${sets.length ? ` (${sets.filter((_, i) => i % 2).join(" ")})` : ""} in ${((performance.now() - t0) / 1000).toFixed(1)} s: ` +
    `rss ${mb(rss[0]).toFixed(1)} MB after the first, ${mb(rss[trials - 1]).toFixed(1)} MB after the last (max ${mb(Math.max(...rss)).toFixed(1)})${afterGc}; ` +
    `${mb(slope).toFixed(2)} MB per trial from trial ${from + 1} to ${trials} (least squares)`,
);
