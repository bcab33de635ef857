#!/usr/bin/env node
// npm run bench [-- NAME...]: runs every bench/*.bench.js (or only those named, with or without the
// suffix), one after the other, each in its own process so one does not warm or slow the next.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const all = readdirSync(here)
  .filter((f) => f.endsWith(".bench.js"))
  .sort();
const wanted = process.argv.slice(2).map((a) => a.replace(/\.bench\.js$/, "").replace(/^bench\//, ""));
const unknown = wanted.filter((w) => !all.includes(`${w}.bench.js`));
if (unknown.length > 0) {
  console.error(`no such benchmark: ${unknown.join(", ")} (have: ${all.map((f) => f.replace(".bench.js", "")).join(", ")})`);
  process.exit(2);
}
const chosen = wanted.length > 0 ? wanted.map((w) => `${w}.bench.js`) : all;
let failed = 0;
for (const file of chosen) {
  console.log(`\n## ${file}`);
  const r = spawnSync(process.execPath, [join(here, file)], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
