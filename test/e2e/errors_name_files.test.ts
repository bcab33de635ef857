// Every error that comes from a file names that file, and an error the data reveals about a config key
// also points at that key: `config.yaml:line:col: data.target: iris.csv: no column ...`. Exit 2, no stack.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mltrain, root, tmp } from "./cli.js";

/** A temp folder with datasets/NAME.csv copied in and c.yaml = configs/NAME.yaml (data path fixed) with each [from, to] applied. */
function setup(name: string, ...edits: [string, string][]): string {
  const cwd = tmp("files");
  copyFileSync(path.join(root, "datasets", `${name}.csv`), path.join(cwd, `${name}.csv`));
  let yaml = readFileSync(path.join(root, "configs", `${name}.yaml`), "utf8").replace(`../datasets/${name}.csv`, `${name}.csv`);
  for (const [from, to] of edits) {
    expect(yaml.split(from).length, from).toBe(2);
    yaml = yaml.replace(from, to);
  }
  writeFileSync(path.join(cwd, "c.yaml"), yaml);
  return cwd;
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe("errors the data reveals about a config key point at the key and name the CSV", () => {
  it("a target column that is not in the CSV (target: specie)", () => {
    const r = mltrain(["fit", "c.yaml", "--dry-run"], setup("iris", ["target: species ", "target: specie  "]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "c.yaml:10:11: data.target: iris.csv: no column "specie" (did you mean "species"?); the columns are: sepal_length, sepal_width, petal_length, petal_width, species
      mltrain: c.yaml: the config does not fit the data (1 problem); nothing was run
      "
    `);
    noStack(r.stderr);
  });

  it("a misspelt feature points at its item in the list", () => {
    const r = mltrain(["fit", "c.yaml", "--dry-run"], setup("iris", ["  task: multiclass", "  features: [sepal_length, petal_lenght]\n  task: multiclass"]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "c.yaml:11:28: data.features[1]: iris.csv: no column "petal_lenght" (did you mean "petal_length"?); the columns are: sepal_length, sepal_width, petal_length, petal_width, species
      mltrain: c.yaml: the config does not fit the data (1 problem); nothing was run
      "
    `);
  });

  it("the same mistake made with --set names the override", () => {
    const r = mltrain(["fit", "c.yaml", "--dry-run", "--set", "data.target=specie"], setup("iris"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "--set data.target=specie: data.target: iris.csv: no column "specie" (did you mean "species"?); the columns are: sepal_length, sepal_width, petal_length, petal_width, species
      mltrain: c.yaml: the config does not fit the data (1 problem); nothing was run
      "
    `);
  });

  it("a positive label that is not in the target column", () => {
    const r = mltrain(["fit", "c.yaml", "--dry-run"], setup("breast_cancer", ["positive: malignant ", "positive: cancer    "]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "c.yaml:10:13: data.positive: breast_cancer.csv: positive label "cancer" is not in column "diagnosis" (labels: "benign", "malignant")
      mltrain: c.yaml: the config does not fit the data (1 problem); nothing was run
      "
    `);
  });

  it("summary CONFIG locates them too", () => {
    const r = mltrain(["summary", "c.yaml"], setup("iris", ["target: species ", "target: specie  "]));
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toMatch(/^c\.yaml:10:11: data\.target: iris\.csv: no column "specie"/);
  });
});

describe("errors the model reveals about a config key point at the key", () => {
  it("a hidden dense layer without units", () => {
    const r = mltrain(["fit", "c.yaml", "--dry-run"], setup("iris", ["{ type: dense, units: 16, activation: tanh }", "{ type: dense, activation: tanh }"]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "c.yaml:19:7: model.layers[0].units: units is required on every dense layer but the last
      mltrain: c.yaml: the config does not fit the data (1 problem); nothing was run
      "
    `);
  });
});

describe("a model or checkpoint that does not fit names its file", () => {
  it("an init_from model of another architecture: at model.init_from, naming the model file (dry run and real run)", () => {
    const cwd = setup("iris", ["epochs: 100", "epochs: 1"]);
    expect(mltrain(["fit", "c.yaml", "-o", "first", "--verbose", "0"], cwd).code).toBe(0);
    const yaml = readFileSync(path.join(cwd, "c.yaml"), "utf8").replace("model:\n", "model:\n  init_from: first/model.json\n").replace("units: 16,", "units: 8,");
    writeFileSync(path.join(cwd, "c.yaml"), yaml);
    const dry = mltrain(["fit", "c.yaml", "--dry-run"], cwd);
    expect(dry.code).toBe(2);
    expect(dry.stderr).toMatchInlineSnapshot(`
      "c.yaml:16:14: model.init_from: first/model.json: layer 1 (dense): kernel has shape [4, 16], expected [4, 8]
      mltrain: c.yaml: the config does not fit the data (1 problem); nothing was run
      "
    `);
    const real = mltrain(["fit", "c.yaml", "-o", "second", "--verbose", "0"], cwd);
    expect(real.code).toBe(2);
    expect(real.stderr).toBe(dry.stderr);
  });

  it("--resume with a checkpoint of another model names the checkpoint", () => {
    const cwd = setup("iris", ["epochs: 100", "epochs: 1"]);
    expect(mltrain(["fit", "c.yaml", "-o", "first", "--verbose", "0"], cwd).code).toBe(0);
    const r = mltrain(["fit", "c.yaml", "-o", "second", "--verbose", "0", "--set", "training.batch_size=8", "--resume", "first/checkpoint.json"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "first/checkpoint.json: the checkpoint was written by a run with another config (checkpoint → now: training.batch_size 16 → 8); resume with the same config file, --set and --seed values
      "
    `);
    noStack(r.stderr);
  });

  it("summary of a model.json with a corrupted layer names the file", () => {
    const cwd = setup("iris", ["epochs: 100", "epochs: 1"]);
    expect(mltrain(["fit", "c.yaml", "-o", "first", "--verbose", "0"], cwd).code).toBe(0);
    const model = JSON.parse(readFileSync(path.join(cwd, "first", "model.json"), "utf8"));
    model.layers[0].units = "sixteen";
    writeFileSync(path.join(cwd, "bad.json"), JSON.stringify(model));
    const r = mltrain(["summary", "bad.json"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "bad.json: corrupted model file: layers[0].units: Invalid input: expected number, received string
      "
    `);
    noStack(r.stderr);
  });
});
