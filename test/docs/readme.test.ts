// The README is part of the interface: its first commands, its config reference and the files it
// names must stay true. The reference section is regenerated with:
//   node scripts/update_readme.mjs   (after npm run build)
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { configReference } from "../../src/config/reference.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const START = "<!-- config-reference:start -->";
const END = "<!-- config-reference:end -->";

describe("README.md", () => {
  it("opens with the two commands a new user types: install + train on a shipped dataset, and the tests", () => {
    const firstBlock = readme.split("```")[1];
    expect(firstBlock).toMatch(/npm install && npx mltrain fit configs\/iris\.yaml/);
    expect(firstBlock).toMatch(/^npm test\b/m);
    expect(existsSync(path.join(root, "configs", "iris.yaml"))).toBe(true);
  });

  it("has the config reference exactly as `mltrain schema --markdown` generates it (regenerate: node scripts/update_readme.mjs)", () => {
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    expect(readme.slice(start + START.length, end).trim()).toBe(configReference().trim());
  });

  it("names only configs and datasets that exist", () => {
    const names = [...readme.matchAll(/`((?:configs|datasets)\/[\w.-]+\.(?:yaml|csv|md))`/g)].map((m) => m[1]);
    names.push(...[...readme.matchAll(/^\| `(\w+\.yaml)` \| (?:multiclass|binary|multilabel|regression)/gm)].map((m) => `configs/${m[1]}`));
    expect(names.length).toBeGreaterThan(5);
    for (const n of names) expect(existsSync(path.join(root, n)), n).toBe(true);
  });

  it("is run by .ci/run exactly as it says: npm ci, then npm test", () => {
    const ci = readFileSync(path.join(root, ".ci", "run"), "utf8");
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});
