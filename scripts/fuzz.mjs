#!/usr/bin/env node
// The property tests of the parsers (test/**/*_fuzz.test.ts and test/e2e/fuzz.test.ts), run longer than
// in `npm test`: every property runs TIMES times its cases with a random seed, printed first so that a
// failure can be replayed with --seed. Prints the cases per outcome (ok / error code / exit code).
//
//   node scripts/fuzz.mjs [--times N] [--seed S] [FILE_FILTER...]
//     --times N    cases per property = N x its npm test count (default 20; npm test is 1)
//     --seed S     fast-check seed (default: random)
//     FILE_FILTER  vitest file filters (default: every fuzz test; e.g. csv_fuzz, e2e/fuzz)
// Needs dist/ for the CLI cases (npm run build).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
let times = 20;
let seed = Math.floor(Math.random() * 2 ** 31);
const filters = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--times") times = Number(args[++i]);
  else if (a === "--seed") seed = Number(args[++i]);
  else if (a === "-h" || a === "--help") {
    console.log("usage: node scripts/fuzz.mjs [--times N] [--seed S] [FILE_FILTER...]");
    process.exit(0);
  } else filters.push(a);
}
if (!(times > 0) || !Number.isInteger(seed)) {
  console.error("fuzz: --times needs a positive number and --seed an integer");
  process.exit(2);
}
const files = filters.length > 0 ? filters : ["_fuzz.test.ts", "e2e/fuzz.test.ts"];
console.log(`fuzz: seed ${seed}, ${times}x the npm test cases (replay: node scripts/fuzz.mjs --seed ${seed} --times ${times} ${filters.join(" ")})`.trimEnd());
const started = Date.now();
const r = spawnSync(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", ...files], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, MLTRAIN_FUZZ_SEED: String(seed), MLTRAIN_FUZZ_TIMES: String(times), MLTRAIN_FUZZ_STATS: "1" },
});
console.log(`fuzz: seed ${seed}, ${((Date.now() - started) / 1000).toFixed(0)} s, exit ${r.status}`);
process.exit(r.status ?? 1);
