// Checks that need the data (the inferred task, the number of classes) report like the loader's own:
// `file:line:col: path: message`, or the --set they came from; exit 2, nothing written.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mltrain, root, tmp } from "./cli.js";

const iris = readFileSync(path.join(root, "configs", "iris.yaml"), "utf8").replace("../datasets", path.join(root, "datasets"));

function fit(yaml: string, args: string[] = []) {
  const cwd = tmp("rules");
  writeFileSync(path.join(cwd, "c.yaml"), yaml);
  const r = mltrain(["fit", "c.yaml", "-o", "run", ...args], cwd);
  return { code: r.code, stderr: r.stderr, wrote: existsSync(path.join(cwd, "run")) };
}

describe("fit: config problems that only the data reveals", () => {
  it("an output width that disagrees with the classes points at the units in the file", () => {
    const yaml = iris.replace("{ type: dense, units: 3, activation: softmax }", "{ type: dense, units: 4, activation: softmax }");
    const line = yaml.split("\n").findIndex((l) => l.includes("units: 4")) + 1;
    const col = yaml.split("\n")[line - 1].indexOf("4") + 1;
    const r = fit(yaml);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`c.yaml:${line}:${col}: model.layers[1].units: the last dense layer has 4 units but the data has 3 classes; set units: 3 or omit it\n`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.wrote).toBe(false);
  });

  it("the same mistake made with --set names the override", () => {
    const r = fit(iris, ["--set", "model.layers[1].units=2"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--set model.layers[1].units=2: model.layers[1].units: the last dense layer has 2 units but the data has 3 classes; set units: 3 or omit it\n");
  });

  it("an inferred task that does not fit the output activation points at that activation", () => {
    const yaml = iris.replace("task: multiclass", "task: auto").replace("{ type: dense, units: 3, activation: softmax }", "{ type: dense, activation: sigmoid }").replace("loss: categorical_crossentropy", "");
    const line = yaml.split("\n").findIndex((l) => l.includes("activation: sigmoid")) + 1;
    const r = fit(yaml);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`c\\.yaml:${line}:\\d+: model\\.layers\\[1\\]\\.activation: .*softmax`));
    expect(r.wrote).toBe(false);
  });
});

/** A shipped config with its data paths absolute and each [from, to] replaced (each `from` occurs once). */
function shipped(name: string, ...edits: [string, string][]): string {
  let yaml = readFileSync(path.join(root, "configs", name), "utf8").replace("../datasets", path.join(root, "datasets"));
  for (const [from, to] of edits) {
    expect(yaml.split(from).length, from).toBe(2);
    yaml = yaml.replace(from, to);
  }
  return yaml;
}

describe("fit: an output that does not fit the inferred task names the inference first, then the fixes", () => {
  // The lecture's table: regression → linear + mse/mae; binary → sigmoid + bce; multiclass → softmax + ce; multilabel → sigmoid + bce.
  it("regression (diabetes, a numeric target) with a softmax output: the inference, then the activation; no consequential errors", () => {
    const r = fit(shipped("diabetes.yaml", ["task: regression", "task: auto"], ["units: 1, activation: linear", "units: 1, activation: softmax"]), ["--dry-run"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "c.yaml:8:11: data.target: the task was inferred as regression because the target column "progression" holds numbers, not a few whole-number labels (fractions, or more than 10 distinct values), so the output layer is linear and the loss mse or mae; if the numbers are class labels, set data.task: multiclass (binary for two)
      c.yaml:16:44: model.layers[2].activation: a regression task needs a linear output layer (regression → linear output + mse or mae), got softmax
      mltrain: c.yaml: the config does not fit the data's regression task (2 problems); nothing was run
      "
    `);
    expect(r.wrote).toBe(false);
  });

  it("regression with a sigmoid output and binary_crossentropy: the inference, then the activation and the loss", () => {
    const r = fit(shipped("diabetes.yaml", ["task: regression", "task: auto"], ["activation: linear }", "activation: sigmoid }"], ["loss: mse", "loss: binary_crossentropy"]), ["--dry-run"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "c.yaml:8:11: data.target: the task was inferred as regression because the target column "progression" holds numbers, not a few whole-number labels (fractions, or more than 10 distinct values), so the output layer is linear and the loss mse or mae; if the numbers are class labels, set data.task: multiclass (binary for two)
      c.yaml:16:44: model.layers[2].activation: a regression task needs a linear output layer (regression → linear output + mse or mae), got sigmoid
      c.yaml:18:7: loss: a regression task needs mse or mae (regression → linear output + mse or mae), got binary_crossentropy
      mltrain: c.yaml: the config does not fit the data's regression task (3 problems); nothing was run
      "
    `);
  });

  it("binary (breast_cancer, two labels) with a linear output and mse", () => {
    const r = fit(shipped("breast_cancer.yaml", ["task: binary", "task: auto"], ["activation: sigmoid }", "activation: linear }"], ["loss: binary_crossentropy", "loss: mse"]), ["--dry-run"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "c.yaml:8:11: data.target: the task was inferred as binary because the target column "diagnosis" has 2 labels ("benign", "malignant"), so the output layer is sigmoid and the loss binary_crossentropy; if you mean another task, set data.task
      c.yaml:17:44: model.layers[1].activation: a binary task needs a sigmoid output layer (binary → sigmoid output + binary_crossentropy), got linear
      c.yaml:19:7: loss: a binary task needs binary_crossentropy (binary → sigmoid output + binary_crossentropy), got mse
      mltrain: c.yaml: the config does not fit the data's binary task (3 problems); nothing was run
      "
    `);
  });

  it("multiclass (iris, three labels) with a sigmoid output", () => {
    const r = fit(shipped("iris.yaml", ["task: multiclass", "task: auto"], ["units: 3, activation: softmax", "units: 3, activation: sigmoid"]), ["--dry-run"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "c.yaml:10:11: data.target: the task was inferred as multiclass because the target column "species" has 3 labels ("setosa", "versicolor", "virginica"), so the output layer is softmax and the loss categorical_crossentropy; if you mean another task, set data.task
      c.yaml:21:44: model.layers[1].activation: a multiclass task needs a softmax output layer (multiclass → softmax output + categorical_crossentropy), got sigmoid
      mltrain: c.yaml: the config does not fit the data's multiclass task (2 problems); nothing was run
      "
    `);
  });

  it("multilabel (digits_multilabel, 0/1 columns) with a softmax output and categorical_crossentropy", () => {
    const r = fit(shipped("digits_multilabel.yaml", ["task: multilabel", "task: auto"], ["activation: sigmoid }", "activation: softmax }"], ["loss: binary_crossentropy", "loss: categorical_crossentropy"]), ["--dry-run"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "c.yaml:8:11: data.target: the task was inferred as multilabel because the 3 target columns hold only 0 and 1, so the output layer is sigmoid and the loss binary_crossentropy; if they are quantities, set data.task: regression
      c.yaml:16:44: model.layers[2].activation: a multilabel task needs a sigmoid output layer (multilabel → sigmoid output + binary_crossentropy), got softmax
      c.yaml:18:7: loss: a multilabel task needs binary_crossentropy (multilabel → sigmoid output + binary_crossentropy), got categorical_crossentropy
      mltrain: c.yaml: the config does not fit the data's multilabel task (3 problems); nothing was run
      "
    `);
  });

  it("a metric that does not apply to the inferred task is checked against it too", () => {
    const r = fit(shipped("diabetes.yaml", ["task: regression", "task: auto"], ["metrics: [mae, r2]", "metrics: [mae, accuracy]"]), ["--dry-run"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "c.yaml:8:11: data.target: the task was inferred as regression because the target column "progression" holds numbers, not a few whole-number labels (fractions, or more than 10 distinct values), so the output layer is linear and the loss mse or mae; if the numbers are class labels, set data.task: multiclass (binary for two)
      c.yaml:28:16: metrics[1]: accuracy does not apply to a regression task; expected one of mse, rmse, mae, r2
      mltrain: c.yaml: the config does not fit the data's regression task (2 problems); nothing was run
      "
    `);
  });
});
