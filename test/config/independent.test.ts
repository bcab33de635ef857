// Problems that do not depend on each other come in one run: the cross-field rules run on the parts of
// a config that parse, next to the schema's problems, and skip the parts those problems concern.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configsDir, edit, problems } from "./helpers.js";

const iris = readFileSync(path.join(configsDir, "iris.yaml"), "utf8");
/** configs/iris.yaml with each [from, to] applied (each `from` occurs once). */
const irisWith = (...edits: [string, string][]) => edits.reduce((yaml, [from, to]) => edit(from, to, yaml), iris);

describe("independent problems are reported together", () => {
  it("six type errors and a split that sums to 1.1 are seven lines in one run", () => {
    const yaml = irisWith(
      ["seed: 42 ", "seed: forty-two "],
      ["normalize: standard", "normalize: yes"],
      ["test: 0.15,", "test: 0.25,"],
      ["units: 16,", "units: sixteen,"],
      ["learning_rate: 0.01", "learning_rate: fast"],
      ["epochs: 100", "epochs: ten"],
      ["  shuffle: true ", "  shuffle: maybe "],
    );
    expect(problems(yaml)).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:6:7: seed: expected a non-negative integer, got "forty-two"",
        "configs/test.yaml:12:14: data.normalize: expected one of standard, minmax, none, got "yes"",
        "configs/test.yaml:13:10: data.split: train + validation + test must sum to 1, got 0.7 + 0.15 + 0.25 = 1.1",
        "configs/test.yaml:19:29: model.layers[0].units: expected a positive integer, got "sixteen"",
        "configs/test.yaml:24:41: optimizer.learning_rate: expected a positive number, got "fast"",
        "configs/test.yaml:28:11: training.epochs: expected a positive integer, got "ten"",
        "configs/test.yaml:30:12: training.shuffle: expected true or false, got "maybe"",
      ]
    `);
  });

  it("a file that does not exist is reported with a schema problem elsewhere", () => {
    const yaml = irisWith(["iris.csv", "irises.csv"], ["epochs: 100", "epochs: 0"]);
    expect(problems(yaml)).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:9:9: data.path: file not found: "../datasets/irises.csv" (looked for datasets/irises.csv; paths in the file are relative to its folder)",
        "configs/test.yaml:28:11: training.epochs: expected a positive integer, got 0",
      ]
    `);
  });

  it("a rule does not run on a part with a problem (a bad ratio is not also a bad sum)", () => {
    expect(problems(irisWith(["train: 0.7,", "train: most,"]))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:13:19: data.split.train: expected a number from 0 to 1, got "most"",
      ]
    `);
  });

  it("a misspelt key is not also reported as the key it meant, missing", () => {
    expect(problems(irisWith(["  target: species", "  targt: species"]))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:10:3: data.targt: unknown key; did you mean "target"?",
      ]
    `);
  });

  it("a layer problem does not stop the monitor and metric checks of other sections", () => {
    const yaml = irisWith(["units: 16,", "units: -1,"], ["metrics: [accuracy]", "metrics: [accuracy, r2]"]);
    expect(problems(yaml)).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:19:29: model.layers[0].units: expected a positive integer, got -1",
        "configs/test.yaml:32:21: metrics[1]: r2 does not apply to a multiclass task; expected one of accuracy, balanced_accuracy, precision, recall, f1, auc, log_loss",
      ]
    `);
  });
});
