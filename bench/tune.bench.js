#!/usr/bin/env node
// Trials per minute of a study, with parallel 1 and parallel 2 in the same run, and the coordinator's own
// overhead per trial. Runs `configs/digits-tune.yaml` (default; or CONFIG) for TRIALS trials (default 20)
// through the headless runTune (dist/run/tune.js) in this process, once with --parallel 1 and once with
// --parallel 2, each into a fresh study folder under a temp dir. A study gives the same trials whatever
// its parallelism (the same parameters, the same pruning decisions), so both runs do the same work and
// the bench checks that they did (the same journal, but for the trials' seconds).
//
// The coordinator is this process: it suggests (TPE), decides pruning at every epoch, writes the journal
// and talks to the trial processes (the job pool's children, where the training happens). Its own
// overhead is the CPU time this process uses (process.cpuUsage: user + system, its children not
// included) from the study's start (after the checks and the dry run that happen once per study) to its
// end, divided by the trials; and, with parallel 1, the wall time between one trial's end and the next
// one's first epoch is printed too (the coordinator, the child's data load and model build, IPC).
//
// Usage: npm run bench -- tune      or      npm run build && node bench/tune.bench.js [CONFIG] [TRIALS]
// (env DIST: another build's dist/ folder)
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = process.env.DIST ? path.resolve(process.env.DIST) : path.join(root, "dist");
const { runTune } = await import(path.join(dist, "run/tune.js"));

const config = process.argv[2] ?? "configs/digits-tune.yaml";
const trials = Number(process.argv[3] ?? 20);
const tmp = mkdtempSync(path.join(tmpdir(), "mltrain-bench-tune-"));

/** One study: wall seconds, coordinator CPU ms after study_start, the ends, and the P=1 gaps. */
async function study(parallel) {
  const output = path.join(tmp, `p${parallel}`);
  const t0 = performance.now();
  let cpu0 = null;
  let tStart = 0;
  const ends = {};
  const gaps = [];
  let lastEnd = null;
  const gen = runTune({ file: config, overrides: [], cwd: root }, { output, trials, parallel });
  for (let s = await gen.next(); !s.done; s = await gen.next()) {
    const e = s.value;
    if (e.type === "study_start") {
      cpu0 = process.cpuUsage();
      tStart = performance.now();
    } else if (e.type === "trial_epoch" && e.epoch === 1 && lastEnd !== null) {
      gaps.push(performance.now() - lastEnd);
      lastEnd = null;
    } else if (e.type === "trial_end") {
      ends[e.end.type] = (ends[e.end.type] ?? 0) + 1;
      lastEnd = performance.now();
    }
  }
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - t0) / 1000;
  const running = (performance.now() - tStart) / 1000;
  const journal = readFileSync(path.join(output, "study.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l))
    .map(({ seconds: _, ...e }) => e)
    .map((e) => JSON.stringify(e))
    .sort()
    .join("\n");
  return { parallel, wall, running, cpuMs: (cpu.user + cpu.system) / 1000, ends, gaps, journal };
}

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

try {
  console.log(`${config}, ${trials} trials; load average before: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const results = [];
  for (const p of [1, 2]) {
    const r = await study(p);
    results.push(r);
    const ends = Object.entries(r.ends).map(([k, v]) => `${v} ${k}`).join(", ");
    console.log(
      `parallel ${p}: ${r.wall.toFixed(1)} s (${r.running.toFixed(1)} s of trials), ${((trials / r.running) * 60).toFixed(1)} trials/min; ${ends}; ` +
        `coordinator CPU ${(r.cpuMs / trials).toFixed(1)} ms/trial` +
        (p === 1 ? `; between a trial's end and the next one's first epoch: median ${median(r.gaps).toFixed(0)} ms` : ""),
    );
  }
  const [a, b] = results;
  console.log(`speed-up parallel 2 / parallel 1: ${(a.running / b.running).toFixed(2)}x (trials/min over the trials' part of each study)`);
  console.log(`same journal (trials' seconds aside) with parallel 1 and 2: ${a.journal === b.journal ? "yes" : "NO"}`);
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  if (a.journal !== b.journal) process.exitCode = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
