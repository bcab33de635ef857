// `eval --split`: the rows fit held out, and only them. fit keeps each split's row numbers and the data
// file's SHA-256 in metrics.json (data.split); eval --split test on the same file reproduces the run's
// own evaluation.test exactly, and refuses another file (exit 2, nothing written). Needs dist/.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mltrain, root, tmp } from "./cli.js";

const config = (name: string) => path.join(root, "configs", `${name}.yaml`);
const dataset = (name: string) => path.join(root, "datasets", `${name}.csv`);
const json = (file: string) => JSON.parse(readFileSync(file, "utf8"));

describe.each([
  ["iris", "multiclass", 20],
  ["diabetes", "regression", 10],
])("eval --split on a %s run (%s)", (name, _task, epochs) => {
  const cwd = tmp("evalsplit");
  beforeAll(() => {
    expect(mltrain(["fit", config(name), "--set", `training.epochs=${epochs}`, "-o", "r", "--verbose", "0"], cwd).code).toBe(0);
  }, 60_000);

  for (const split of ["test", "validation", "train"] as const) {
    it(`--split ${split} reproduces metrics.json's evaluation.${split} exactly`, () => {
      const r = mltrain(["eval", "r/model.json", dataset(name), "--split", split, "--json"], cwd);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      const run = json(path.join(cwd, "r", "metrics.json"));
      expect(report.split).toBe(split);
      expect(report.rows).toBe(run.data.rows[split]);
      expect(report.metrics).toEqual(run.evaluation[split]);
    });
  }

  it("--split all scores every row of the same file, as eval without --split does", () => {
    const all = JSON.parse(mltrain(["eval", "r/model.json", dataset(name), "--split", "all", "--json"], cwd).stdout);
    const plain = JSON.parse(mltrain(["eval", "r/model.json", dataset(name), "--json"], cwd).stdout);
    expect(all.metrics).toEqual(plain.metrics);
    expect(all.rows).toBe(json(path.join(cwd, "r", "metrics.json")).data.split[0].rows);
  });
});

describe("eval --split refuses what it cannot score exactly", () => {
  const cwd = tmp("evalsplit");
  beforeAll(() => {
    expect(mltrain(["fit", config("iris"), "--set", "training.epochs=2", "-o", "r", "--verbose", "0"], cwd).code).toBe(0);
  }, 60_000);

  it("a file that is not the one the run split (one row less): exit 2, one line naming both, no report written", () => {
    const lines = readFileSync(dataset("iris"), "utf8").split("\n");
    writeFileSync(path.join(cwd, "fewer.csv"), [...lines.slice(0, 10), ...lines.slice(11)].join("\n"));
    const r = mltrain(["eval", "r/model.json", "fewer.csv", "--split", "test", "--report", "out.json"], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.replace(/sha256 [0-9a-f]{12}…/g, "sha256 HASH…").replace(path.relative(cwd, root), "ROOT").replace(root, "ROOT")).toMatchInlineSnapshot(`
      "fewer.csv: not the file this run split: its metrics.json records ROOT/datasets/iris.csv (150 rows, sha256 HASH…), this file's sha256 is d0d9ba99f704…; --split scores rows of that same file, byte for byte (leave --split out to score every row of this one)
      "
    `);
    expect(existsSync(path.join(cwd, "out.json"))).toBe(false);
  });

  it("a model without its run folder's metrics.json: exit 2, says what --split needs", () => {
    writeFileSync(path.join(cwd, "alone.json"), readFileSync(path.join(cwd, "r", "model.json")));
    const r = mltrain(["eval", "alone.json", dataset("iris"), "--split", "test"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "alone.json: --split needs the run folder fit wrote: there is no metrics.json beside the model (metrics.json); leave --split out to score every row
      "
    `);
  });

  it("--split with another word: exit 2 naming the choices", () => {
    const r = mltrain(["eval", "r/model.json", dataset("iris"), "--split", "held-out"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "error: option '--split <name>' argument 'held-out' is invalid. expected train, validation, test or all
      (run \`mltrain --help\` or \`mltrain COMMAND --help\` for usage)
      "
    `);
  });
});
