// "Keep earlier runs": `fit --no-overwrite` refuses a run folder that exists (exit 2, nothing touched),
// and `-o 'runs/{name}-{n}'` gives each run a new folder, numbered from 1, the number taken under the
// folder's lock so that two fits started together never share one. The default (replace the folder)
// is unchanged. Needs dist/ (npm run build first).
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bin, mltrain, plainEnv, root, tmp } from "./cli.js";

const iris = path.join(root, "configs", "iris.yaml");
const contents = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(path.join(dir, f), "utf8")]));

describe("fit --no-overwrite", () => {
  it("refuses a run folder that holds a run: exit 2, one line naming it and the numbered alternative, the folder untouched", () => {
    const cwd = tmp("keep");
    expect(mltrain(["fit", iris, "--set", "training.epochs=2", "-o", "runs/iris", "--verbose", "0"], cwd).code).toBe(0);
    const before = contents(path.join(cwd, "runs", "iris"));
    for (const extra of [[], ["--dry-run"]]) {
      const r = mltrain(["fit", iris, "--set", "training.epochs=3", "-o", "runs/iris", "--no-overwrite", ...extra], cwd);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatchInlineSnapshot(`
        "mltrain: runs/iris already holds a run and --no-overwrite keeps it: choose another -o DIR, number the runs with -o 'runs/iris-{n}' (a new folder each run), or leave --no-overwrite out to replace it
        "
      `);
    }
    expect(contents(path.join(cwd, "runs", "iris"))).toEqual(before);
    expect(readdirSync(path.join(cwd, "runs"))).toEqual(["iris"]);
    // into a folder that does not exist yet it trains as usual; without the flag the run is replaced
    expect(mltrain(["fit", iris, "--set", "training.epochs=2", "-o", "runs/other", "--no-overwrite", "--verbose", "0"], cwd).code).toBe(0);
    expect(mltrain(["fit", iris, "--set", "training.epochs=3", "-o", "runs/iris", "--verbose", "0"], cwd).code).toBe(0);
    expect(contents(path.join(cwd, "runs", "iris"))["model.json"]).not.toBe(before["model.json"]);
  });
});

describe("-o 'runs/{name}-{n}'", () => {
  it("each run gets the next free number (a DIR.partial keeps its number too); --dry-run names the one it would take", () => {
    const cwd = tmp("keep");
    const fit = (...extra: string[]) => mltrain(["fit", iris, "--set", "training.epochs=1", "-o", "runs/{name}-{n}", "--verbose", "2", ...extra], cwd);
    const first = fit();
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("  runs/iris-1/model.json\n");
    expect(fit().code).toBe(0);
    expect(fit("--dry-run").stdout).toContain("the run would write runs/iris-3/");
    expect(readdirSync(path.join(cwd, "runs")).sort()).toEqual(["iris-1", "iris-2"]);
    // a diverged run keeps its number in iris-3.partial; the next run takes 4
    expect(fit("--set", "optimizer={type: sgd, learning_rate: 1.0e+6}", "--set", "model.layers.0.activation=relu").code).toBe(1);
    expect(fit().code).toBe(0);
    expect(readdirSync(path.join(cwd, "runs")).sort()).toEqual(["iris-1", "iris-2", "iris-3.partial", "iris-4"]);
  });

  it("two fits started at the same time get two folders, each with its own complete run", async () => {
    const cwd = tmp("keep");
    const start = (seed: string) => {
      const child = spawn(process.execPath, [bin, "fit", iris, "--set", "training.epochs=150", "--seed", seed, "-o", "runs/{name}-{n}", "--verbose", "0"], {
        cwd, env: plainEnv(), stdio: ["ignore", "pipe", "pipe"],
      });
      let err = "";
      child.stderr.on("data", (d) => (err += d));
      return new Promise<{ code: number | null; err: string }>((resolve) => child.on("close", (code) => resolve({ code, err })));
    };
    const [a, b] = await Promise.all([start("1"), start("2")]);
    expect([a, b]).toEqual([{ code: 0, err: "" }, { code: 0, err: "" }]);
    expect(readdirSync(path.join(cwd, "runs")).sort()).toEqual(["iris-1", "iris-2"]);
    const seeds = ["iris-1", "iris-2"].map((d) => JSON.parse(readFileSync(path.join(cwd, "runs", d, "model.json"), "utf8")).config.seed).sort();
    expect(seeds).toEqual([1, 2]);
    expect(existsSync(path.join(cwd, "runs", ".iris-1.lock")) || existsSync(path.join(cwd, "runs", ".iris-2.lock"))).toBe(false);
  }, 60_000);
});
