// Cross-field rules: the messages say what would fit; checkTaskFit and the task defaults as data.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkTaskFit, defaultLoss, defaultMetrics, fillSplitDefaults, metricsForTask } from "../../src/config/rules.js";
import { configsDir, edit, good, load, problems } from "./helpers.js";

describe("cross-field rules in a config", () => {
  it("split ratios that do not sum to 1 (tolerance 1e-9)", () => {
    expect(problems(edit("  task: multiclass", "  task: multiclass\n  split: { train: 0.7, validation: 0.2, test: 0.15 }"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:6:10: data.split: train + validation + test must sum to 1, got 0.7 + 0.2 + 0.15 = 1.05",
      ]
    `);
  });
  it("split ratios summing to 1 up to float rounding are accepted", () => {
    const c = load(edit("  task: multiclass", "  task: multiclass\n  split: { train: 0.7, validation: 0.2, test: 0.1 }")).config;
    expect(c.data.split.train + c.data.split.validation + c.data.split.test).not.toBe(1); // 0.9999999999999999 in float64
    expect(c.data.split.test).toBe(0.1);
  });
  it("a test ratio with data.test_path", () => {
    const yaml = edit("  task: multiclass", "  task: multiclass\n  test_path: ../datasets/iris.csv\n  split: { train: 0.7, validation: 0.15, test: 0.15 }");
    expect(problems(yaml)).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:7:48: data.split.test: must be 0 when data.test_path is set (the test rows come from that file), got 0.15",
      ]
    `);
  });
  it("the task table: multiclass with a sigmoid output and mse", () => {
    const yaml = edit("loss: categorical_crossentropy", "loss: mse", edit("units: 3, activation: softmax", "units: 3, activation: sigmoid"));
    expect(problems(yaml)).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:9:44: model.layers[1].activation: a multiclass task needs a softmax output layer (multiclass → softmax output + categorical_crossentropy), got sigmoid",
        "configs/test.yaml:10:7: loss: a multiclass task needs categorical_crossentropy (multiclass → softmax output + categorical_crossentropy), got mse",
      ]
    `);
  });
  it("the task table: regression with a softmax output", () => {
    const yaml = edit("loss: categorical_crossentropy", "loss: mse", edit("task: multiclass", "task: regression", edit("metrics: [accuracy]", "metrics: [mae]")));
    expect(problems(yaml)).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:9:44: model.layers[1].activation: a regression task needs a linear output layer (regression → linear output + mse or mae), got softmax",
      ]
    `);
  });
  it("an explicit task and a wrong output activation (diabetes with softmax): one line, not the softmax-units rule that follows from it", () => {
    const diabetes = readFileSync(path.join(configsDir, "diabetes.yaml"), "utf8");
    expect(problems(edit("units: 1, activation: linear", "units: 1, activation: softmax", diabetes))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:16:44: model.layers[2].activation: a regression task needs a linear output layer (regression → linear output + mse or mae), got softmax",
      ]
    `);
  });
  it("an explicit task that the output layer and the loss both contradict is named first, as the likely slip", () => {
    const iris = readFileSync(path.join(configsDir, "iris.yaml"), "utf8");
    expect(problems(edit("task: multiclass", "task: regression", iris))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:11:9: data.task: regression (set here) calls for a linear output and mse or mae, but the output layer and the loss fit multiclass (multiclass → softmax output + categorical_crossentropy): if the task is multiclass, set task: multiclass; else change them as below",
        "configs/test.yaml:21:44: model.layers[1].activation: a regression task needs a linear output layer (regression → linear output + mse or mae), got softmax",
        "configs/test.yaml:23:7: loss: a regression task needs mse or mae (regression → linear output + mse or mae), got categorical_crossentropy",
        "configs/test.yaml:32:11: metrics[0]: accuracy does not apply to a regression task; expected one of mse, rmse, mae, r2",
      ]
    `);
  });
  it("task auto: a softmax output with binary_crossentropy", () => {
    expect(problems(edit("loss: categorical_crossentropy", "loss: binary_crossentropy", edit("task: multiclass", "task: auto")))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:10:7: loss: a softmax output needs categorical_crossentropy (multiclass → softmax output + categorical_crossentropy), got binary_crossentropy",
      ]
    `);
  });
  it("an output activation no task uses (relu)", () => {
    expect(problems(edit("units: 3, activation: softmax", "units: 3, activation: relu", edit("task: multiclass", "task: auto")))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:9:44: model.layers[1].activation: the output layer needs linear (regression), sigmoid (binary, multilabel) or softmax (multiclass), got relu",
      ]
    `);
  });
  it("binary with 3 output units", () => {
    const yaml = edit("loss: categorical_crossentropy", "loss: binary_crossentropy", edit("task: multiclass", "task: binary", edit("units: 3, activation: softmax", "units: 3, activation: sigmoid")));
    expect(problems(yaml)).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:9:29: model.layers[1].units: a binary task has 1 output unit (the probability of the positive class), got 3; or omit units",
      ]
    `);
  });
  it("dropout as the last layer", () => {
    expect(problems(edit("    - { type: dense, units: 3, activation: softmax }", "    - { type: dense, units: 3, activation: softmax }\n    - { type: dropout, rate: 0.5 }"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:10:15: model.layers[2].type: the last layer is the output and must be dense, got dropout; put dropout between dense layers",
      ]
    `);
  });
  it("a metric of another task", () => {
    expect(problems(edit("metrics: [accuracy]", "metrics: [accuracy, r2]"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:15:21: metrics[1]: r2 does not apply to a multiclass task; expected one of accuracy, balanced_accuracy, precision, recall, f1, auc, log_loss",
      ]
    `);
  });
  it("an early-stopping monitor that is not in the history, with did-you-mean", () => {
    expect(problems(edit("  batch_size: 16", "  batch_size: 16\n  early_stopping: { monitor: val_acc }"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:15:30: training.early_stopping.monitor: cannot watch "val_acc": the history has loss, accuracy, val_loss, val_accuracy; did you mean "val_accuracy"?",
      ]
    `);
  });
  it("a val_ monitor without a validation split", () => {
    const yaml = edit("  task: multiclass", "  task: multiclass\n  split: { train: 0.8, validation: 0, test: 0.2 }", edit("  batch_size: 16", "  batch_size: 16\n  early_stopping: { monitor: val_loss }"));
    expect(problems(yaml)).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:16:30: training.early_stopping.monitor: watches val_loss but data.split.validation is 0 (no validation rows); watch loss or give the validation split a share",
      ]
    `);
  });
  it("a reduce_on_plateau monitor that is not in the history", () => {
    expect(problems(edit("training:", "schedule: { type: reduce_on_plateau, monitor: val_f1 }\ntraining:"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:12:47: schedule.monitor: cannot watch "val_f1": the history has loss, accuracy, val_loss, val_accuracy",
      ]
    `);
  });
  it("a feature that is also the target, multilabel with one target column", () => {
    const yaml = edit("  target: species", "  target: species\n  features: [sepal_length, species]", edit("task: multiclass", "task: multilabel"));
    expect(problems(yaml).filter((l) => l.includes("data."))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:6:9: data.task: multilabel (set here) calls for a sigmoid output and binary_crossentropy, but the output layer and the loss fit multiclass (multiclass → softmax output + categorical_crossentropy): if the task is multiclass, set task: multiclass; else change them as below",
        "configs/test.yaml:4:11: data.target: a multilabel task needs a list of 0/1 target columns, got the single column "species"; for one label use task binary",
        "configs/test.yaml:5:28: data.features[1]: "species" is the target; a column cannot be both a feature and a target",
      ]
    `);
  });
});

describe("defaults that follow from the task", () => {
  it("an explicit task fills loss and metrics when omitted", () => {
    const yaml = edit("loss: categorical_crossentropy\n", "", edit("metrics: [accuracy]\n", ""));
    const c = load(yaml).config;
    expect(c.loss).toBe("categorical_crossentropy");
    expect(c.metrics).toEqual(["accuracy"]);
  });
  it("task auto leaves loss and metrics for fit to infer from the data", () => {
    const yaml = edit("loss: categorical_crossentropy\n", "", edit("metrics: [accuracy]\n", "", edit("task: multiclass", "task: auto")));
    const c = load(yaml).config;
    expect(c.loss).toBeUndefined();
    expect(c.metrics).toBeUndefined();
  });
  it("defaultLoss/defaultMetrics follow the lecture's table", () => {
    expect([defaultLoss("regression"), defaultLoss("binary"), defaultLoss("multiclass"), defaultLoss("multilabel")]).toEqual([
      "mse",
      "binary_crossentropy",
      "categorical_crossentropy",
      "binary_crossentropy",
    ]);
    expect(defaultMetrics("regression")).toEqual(["mae"]);
    expect(defaultMetrics("binary")).toEqual(["accuracy"]);
    expect(metricsForTask("regression")).not.toContain("accuracy");
    expect(metricsForTask("multilabel")).not.toContain("balanced_accuracy");
  });
});

describe("checkTaskFit (used by fit after inferring the task)", () => {
  it("returns no problems for every row of the table", () => {
    expect(checkTaskFit("regression", "linear", "mse")).toEqual([]);
    expect(checkTaskFit("regression", "linear", "mae")).toEqual([]);
    expect(checkTaskFit("binary", "sigmoid", "binary_crossentropy")).toEqual([]);
    expect(checkTaskFit("multiclass", "softmax", "categorical_crossentropy")).toEqual([]);
    expect(checkTaskFit("multilabel", "sigmoid", "binary_crossentropy")).toEqual([]);
    expect(checkTaskFit("binary", "sigmoid")).toEqual([]);
  });
  it("names the activation and the loss that would fit", () => {
    expect(checkTaskFit("binary", "softmax", "mse")).toMatchInlineSnapshot(`
      [
        {
          "field": "activation",
          "message": "a binary task needs a sigmoid output layer (binary → sigmoid output + binary_crossentropy), got softmax",
        },
        {
          "field": "loss",
          "message": "a binary task needs binary_crossentropy (binary → sigmoid output + binary_crossentropy), got mse",
        },
      ]
    `);
  });
});

describe("omitted split ratios are filled so the three sum to 1", () => {
  const fill = (split: unknown, test_path?: string) => {
    const raw = { data: { split, ...(test_path ? { test_path } : {}) } };
    fillSplitDefaults(raw);
    return raw.data.split;
  };
  it("none given: 0.7/0.15/0.15, or 0.85/0.15/0 with test_path", () => {
    expect(fill(undefined)).toEqual({ train: 0.7, validation: 0.15, test: 0.15 });
    expect(fill({}, "t.csv")).toEqual({ train: 0.85, validation: 0.15, test: 0 });
  });
  it("train given: the others share the remainder", () => {
    expect(fill({ train: 0.8 })).toEqual({ train: 0.8, validation: 0.1, test: 0.1 });
    expect(fill({ train: 0.8, validation: 0.2 })).toEqual({ train: 0.8, validation: 0.2, test: 0 });
  });
  it("train omitted: it takes the remainder", () => {
    expect(fill({ validation: 0.1, test: 0.2 })).toEqual({ train: 0.7, validation: 0.1, test: 0.2 });
  });
  it("a remainder that would be negative is left for the sum rule to report", () => {
    expect(fill({ train: 0.9, validation: 0.2 })).toEqual({ train: 0.9, validation: 0.2 });
  });
  void good;
});
