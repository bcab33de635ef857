// The README is part of the interface: its first commands, its config reference, its console examples
// and the files it names must stay true. The generated parts are regenerated with: npm run readme
// (the examples tests spawn scripts/update_readme.mjs --check, which runs the CLI: needs dist/).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { configReference } from "../../src/config/reference.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const START = "<!-- config-reference:start -->";
const END = "<!-- config-reference:end -->";

/** scripts/update_readme.mjs --check on the README (or `file`). */
function check(file?: string) {
  const args = [path.join(root, "scripts", "update_readme.mjs"), "--check", ...(file ? ["--readme", file] : [])];
  return spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
}

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

  it("shows console examples that the current build prints, timings masked (regenerate: npm run readme)", () => {
    const blocks = readme.split("<!-- readme-example -->").slice(1).map((b) => b.split("\n```\n")[0]);
    for (const command of ["fit configs/iris.yaml", "eval runs/iris/model.json", "predict runs/iris/model.json", "validate bad.yaml", "validate configs/iris.yaml", "summary configs/iris.yaml"]) {
      expect(blocks.some((b) => b.includes(`$ npx mltrain ${command}`)), command).toBe(true);
    }
    const r = check();
    expect(r.stdout).toBe("README.md: the config reference and the examples are what the build prints\n");
    expect(r.status).toBe(0);
  });

  it("the examples check fails on a stale example and names its line, and ignores the timings", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mltrain-readme-test-"));
    const lines = readme.split("\n");
    const test = lines.findIndex((l) => l.startsWith("Test (21 rows): "));
    const stale = [...lines];
    stale[test] = stale[test].replace(/\d\.\d{4}$/, "0.1234");
    writeFileSync(path.join(dir, "stale.md"), stale.join("\n"));
    const r = check(path.join(dir, "stale.md"));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`stale.md is stale (first differences below); regenerate it with: npm run readme\n${path.join(dir, "stale.md")}:${test + 1}:\n  README: ${stale[test]}\n  build:  ${lines[test]}`);
    const slow = readme.replace(/^(\d+\/\d+) - 0s - /gm, "$1 - 3s - ");
    expect(slow).not.toBe(readme);
    writeFileSync(path.join(dir, "slow.md"), slow);
    expect(check(path.join(dir, "slow.md")).status).toBe(0);
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
