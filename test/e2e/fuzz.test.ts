// The real CLI on mutated inputs: `validate` on a mutated shipped config with random --set, `fit
// --dry-run` on a mutated shipped dataset, `eval` and `predict` with a mutated model.json or CSV (and
// --missing). Every run exits 0 or 2 with a message and prints no stack trace ("    at " lines) and
// no "internal error".
// Fewer cases than the in-process properties (each one spawns node). Needs dist/ (npm run build first).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { applyJsonEdits, jsonBytes, jsonEdit, textEdit, type Json } from "../fuzz/json_edits.js";
import { expectCleanExit, fuzzParams, fuzzTimeout } from "../fuzz/oracle.js";
import { applyEdits, edits, yamlScalar } from "../fuzz/text_edits.js";
import { mltrain, root, tmp } from "./cli.js";

const cwd = tmp("fuzz");
const datasets = path.join(root, "datasets");

/** The shipped configs that read a CSV (and its name), their data paths made absolute so they can be written anywhere. */
const configs = readdirSync(path.join(root, "configs"))
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => readFileSync(path.join(root, "configs", f), "utf8"))
  .map((yaml) => ({ csv: /^\s+path: \.\.\/datasets\/(\S+\.csv)/m.exec(yaml)?.[1], text: Buffer.from(yaml.replaceAll("../datasets/", `${datasets}/`)) }))
  .filter((c): c is typeof c & { csv: string } => c.csv !== undefined);

/** iris.csv's header and first rows: what the mutated CSVs start from. */
const irisRows = Buffer.from(readFileSync(path.join(datasets, "iris.csv"), "utf8").split("\n").slice(0, 31).join("\n") + "\n");
let model: Json;

beforeAll(() => {
  const r = mltrain(["fit", path.join(root, "configs/iris.yaml"), "--set", "training.epochs=1", "--verbose", "0", "-o", "run"], cwd);
  expect(r.stderr).toBe("");
  model = JSON.parse(readFileSync(path.join(cwd, "run", "model.json"), "utf8"));
  writeFileSync(path.join(cwd, "iris_rows.csv"), irisRows);
});

const override = fc.tuple(fc.constantFrom("training.epochs", "data.target", "model.layers[0].units", "optimizer", "data.split.train", "x"), yamlScalar).map(([k, v]) => `${k}=${v}`);

describe("the CLI on mutated inputs exits 0 or 2, with no stack trace", () => {
  test("validate: a mutated shipped config with random --set", { timeout: fuzzTimeout(4, 3000) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...configs), edits, fc.array(override, { maxLength: 2 }), async (c, es, sets) => {
        writeFileSync(path.join(cwd, "config.yaml"), applyEdits(c.text, es));
        const r = mltrain(["validate", "config.yaml", ...sets.flatMap((s) => ["--set", s])], cwd);
        expectCleanExit(r.code, r.stderr);
      }),
      fuzzParams(4),
    );
  });

  test("fit --dry-run: a mutated dataset under its shipped config", { timeout: fuzzTimeout(3, 3000) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...configs), fc.integer({ min: 1, max: 60 }), edits, async (c, rows, es) => {
        const lines = readFileSync(path.join(datasets, c.csv), "latin1").split("\n").slice(0, rows + 1);
        writeFileSync(path.join(cwd, "data.csv"), applyEdits(Buffer.from(lines.join("\n") + "\n", "latin1"), es));
        writeFileSync(path.join(cwd, "config.yaml"), c.text);
        const r = mltrain(["fit", "config.yaml", "--dry-run", "--set", `data.path=data.csv`], cwd);
        expectCleanExit(r.code, r.stderr);
      }),
      fuzzParams(3),
    );
  });

  test("eval and predict: a mutated model.json", { timeout: fuzzTimeout(2, 6000) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(jsonEdit, { minLength: 1, maxLength: 3 }), textEdit, async (es, t) => {
        writeFileSync(path.join(cwd, "model.json"), jsonBytes(applyJsonEdits(model, es), t, true));
        for (const command of ["eval", "predict"]) {
          const r = mltrain([command, "model.json", "iris_rows.csv"], cwd);
          expectCleanExit(r.code, r.stderr);
        }
      }),
      fuzzParams(2),
    );
  });

  test("eval and predict: a mutated CSV", { timeout: fuzzTimeout(2, 6000) }, async () => {
    await fc.assert(
      fc.asyncProperty(edits, fc.constantFrom([], ["--missing", "drop"], ["--missing", "mean"]), async (es, missing) => {
        writeFileSync(path.join(cwd, "rows.csv"), applyEdits(irisRows, es));
        for (const command of ["eval", "predict"]) {
          const r = mltrain([command, "run/model.json", "rows.csv", ...missing], cwd);
          expectCleanExit(r.code, r.stderr);
        }
      }),
      fuzzParams(2),
    );
  });
});
