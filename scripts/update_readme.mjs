#!/usr/bin/env node
// Regenerates the README's generated parts from the current build: the config reference (between the
// config-reference markers, from the schema), the library's API reference (between the api-reference
// markers, from dist/index.d.ts: api_reference.mjs) and the console examples (readme_examples.mjs: each
// `<!-- readme-example -->` block, by running its commands).
//   npm run readme                             build, then rewrite README.md
//   node scripts/update_readme.mjs --check     exit 1 and show the difference when README.md is stale
//                                              (timings masked); test/docs/readme.test.ts runs this
//   ... --readme FILE                          another file than the repository's README.md
import { readFileSync, writeFileSync } from "node:fs";
import { configReference } from "../dist/config/reference.js";
import { apiReference } from "./api_reference.mjs";
import { maskTimings, updateExamples } from "./readme_examples.mjs";

const at = process.argv.indexOf("--readme");
const file = at > 0 ? process.argv[at + 1] : new URL("../README.md", import.meta.url);
const START = "<!-- config-reference:start -->";
const END = "<!-- config-reference:end -->";
const text = readFileSync(file, "utf8");
const name = at > 0 ? file : "README.md";
const a = text.indexOf(START);
const b = text.indexOf(END);
if (a < 0 || b < a) throw new Error(`${name} has no config-reference markers`);
const withConfig = text.slice(0, a + START.length) + "\n" + configReference() + text.slice(b);
const API_START = "<!-- api-reference:start -->";
const API_END = "<!-- api-reference:end -->";
const c = withConfig.indexOf(API_START);
const d = withConfig.indexOf(API_END);
if (c < 0 || d < c) throw new Error(`${name} has no api-reference markers`);
const fresh = updateExamples(withConfig.slice(0, c + API_START.length) + "\n" + apiReference() + withConfig.slice(d));

if (process.argv.includes("--check")) {
  const was = maskTimings(text).split("\n");
  const now = maskTimings(fresh).split("\n");
  const diff = [];
  for (let i = 0; i < Math.max(was.length, now.length) && diff.length < 40; i++) {
    if (was[i] !== now[i]) diff.push(`${name}:${i + 1}:`, `  README: ${was[i] ?? "(end)"}`, `  build:  ${now[i] ?? "(end)"}`);
  }
  if (diff.length > 0) {
    console.log(`${name} is stale (first differences below); regenerate it with: npm run readme\n${diff.join("\n")}`);
    process.exit(1);
  }
  console.log(`${name}: the config reference and the examples are what the build prints`);
} else {
  writeFileSync(file, fresh);
  console.log(`${name}: config reference and examples updated`);
}
