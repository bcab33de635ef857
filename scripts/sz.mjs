#!/usr/bin/env node
// Lines of TypeScript per folder of src/ (STYLE.md: engine/ stays readable in one sitting; a file past
// ~300 lines probably holds a second concept). `npm run sz`
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const root = new URL("../src/", import.meta.url).pathname;
const perFolder = new Map();
const big = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file);
    else if (name.endsWith(".ts") && !name.endsWith(".generated.ts")) {
      const lines = readFileSync(file, "utf8").split("\n").length;
      const folder = path.relative(root, dir).split(path.sep)[0] || ".";
      perFolder.set(folder, (perFolder.get(folder) ?? 0) + lines);
      if (lines > 300) big.push(`${path.relative(root, file)} (${lines})`);
    }
  }
})(root);
const rows = [...perFolder].sort((a, b) => b[1] - a[1]);
for (const [folder, lines] of rows) console.log(`${String(lines).padStart(6)}  src/${folder}`);
console.log(`${String(rows.reduce((s, r) => s + r[1], 0)).padStart(6)}  total`);
if (big.length) console.log(`files past 300 lines: ${big.join(", ")}`);
