#!/usr/bin/env node
// Writes datasets/digits_multilabel.csv from datasets/digits.csv: the 64 pixel columns unchanged, then
// three 0/1 label columns derived from the digit, and no `digit` column:
//   even  = digit is 0, 2, 4, 6 or 8
//   prime = digit is 2, 3, 5 or 7
//   large = digit >= 5
// Usage: node scripts/make_digits_multilabel.mjs   (from the repository root; deterministic output)
import { readFileSync, writeFileSync } from "node:fs";

const lines = readFileSync("datasets/digits.csv", "utf8").trimEnd().split("\n");
const header = lines[0].split(",");
const d = header.indexOf("digit");
if (d !== header.length - 1) throw new Error("expected `digit` as the last column of datasets/digits.csv");
const out = [[...header.slice(0, d), "even", "prime", "large"].join(",")];
for (const line of lines.slice(1)) {
  const cells = line.split(",");
  const digit = Number(cells[d]);
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new Error(`bad digit in: ${line}`);
  const even = digit % 2 === 0 ? 1 : 0;
  const prime = [2, 3, 5, 7].includes(digit) ? 1 : 0;
  const large = digit >= 5 ? 1 : 0;
  out.push([...cells.slice(0, d), even, prime, large].join(","));
}
writeFileSync("datasets/digits_multilabel.csv", out.join("\n") + "\n");
console.log(`datasets/digits_multilabel.csv: ${out.length - 1} rows, ${header.length - 1 + 3} columns`);
