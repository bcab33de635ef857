// The examples in examples/ (README "From code") compile against the package's declarations and run as
// a user runs them (`npm run examples`): `import ... from "mltrain"` resolves to this package's exports.
// Needs dist/ (npm test builds first).
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { plainEnv, root } from "../e2e/cli.js";

const out = path.join(root, ".examples-out");
const run = (name: string) => spawnSync(process.execPath, [path.join(out, `${name}.js`)], { cwd: root, env: plainEnv(), encoding: "utf8" });

beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(root, "examples")], { cwd: root });
});

describe("examples/", () => {
  it("1_pure_code: the hand-written loop fits y = 2·x1 − 3·x2 + 1", () => {
    const r = run("1_pure_code");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/W = \[2\.000, -3\.000\] {2}b = 1\.000\n$/);
  });

  it("2_composed_layers: trains, scores, predicts, saves and loads the iris model", () => {
    const r = run("2_composed_layers");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^epoch 20: loss \d\.\d{4}, val_loss \d\.\d{4}\n/);
    expect(r.stdout).toContain("completed after 60 epochs\n");
    expect(r.stdout).toMatch(/test accuracy (0\.9\d\d|1\.000)\n/);
    expect(r.stdout).toContain("a setosa\nloaded back: a setosa\n");
  });

  it("3_cli_runs: a config file and a defineConfig object, each to its run folder", () => {
    const r = run("3_cli_runs");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("completed: checkpoint.json, config.yaml, history.csv, metrics.json, model.json; test loss");
    expect(r.stdout).toMatch(/wine: completed, \d+ epochs, in wine\/\n$/);
  });
});
