// Invalid configs: each produces exactly these `file:line:col: path: message` lines (sorted by position).
import { describe, expect, it } from "vitest";
import { edit, errorOf, good, problems } from "./helpers.js";

describe("schema problems point at the YAML node, with path and expected/received", () => {
  it("a string where a positive number is expected (SPEC's example)", () => {
    expect(problems(edit("learning_rate: 0.01", "learning_rate: fast"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:11:41: optimizer.learning_rate: expected a positive number, got "fast"",
      ]
    `);
  });
  it("a negative seed", () => {
    expect(problems(edit("name: t", "name: t\nseed: -1"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:2:7: seed: expected a non-negative integer, got -1",
      ]
    `);
  });
  it("a task name with a typo gets did-you-mean", () => {
    expect(problems(edit("task: multiclass", "task: multiclas"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:5:9: data.task: expected one of auto, regression, binary, multiclass, multilabel, got "multiclas"; did you mean "multiclass"?",
      ]
    `);
  });
  it("an unknown key in data gets did-you-mean, at the key", () => {
    expect(problems(edit("  task: multiclass", "  task: multiclass\n  normalise: standard"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:6:3: data.normalise: unknown key; did you mean "normalize"?",
      ]
    `);
  });
  it("an unknown top-level key", () => {
    expect(problems(edit("name: t", "name: t\nepochs: 5"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:2:1: epochs: unknown key; did you mean training.epochs?",
      ]
    `);
  });
  it("an unknown activation inside a flow mapping", () => {
    expect(problems(edit("activation: relu", "activation: rellu"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:8:45: model.layers[0].activation: expected one of linear, relu, leaky_relu, elu, sigmoid, tanh, softmax, softplus, got "rellu"; did you mean "relu"?",
      ]
    `);
  });
  it("an unknown layer type", () => {
    expect(problems(edit("{ type: dense, units: 16", "{ type: dens, units: 16"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:8:15: model.layers[0].type: unknown layer type "dens"; expected one of dense, dropout, reshape, flatten, conv2d, max_pool2d, avg_pool2d, global_average_pool2d, batch_norm; did you mean "dense"?",
      ]
    `);
  });
  it("a layer without a type", () => {
    expect(problems(edit("{ type: dense, units: 16, activation: relu }", "{ units: 16, activation: relu }"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:8:7: model.layers[0].type: missing; every layer needs a type: one of dense, dropout, reshape, flatten, conv2d, max_pool2d, avg_pool2d, global_average_pool2d, batch_norm",
      ]
    `);
  });
  it("zero units", () => {
    expect(problems(edit("units: 16", "units: 0"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:8:29: model.layers[0].units: expected a positive integer, got 0",
      ]
    `);
  });
  it("a key of another layer type (rate on dense)", () => {
    expect(problems(edit("units: 16, activation: relu", "units: 16, activation: relu, rate: 0.5"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:8:51: model.layers[0].rate: unknown key; rate is an option of type dropout",
      ]
    `);
  });
  it("Keras's old name lr gets learning_rate", () => {
    expect(problems(edit("learning_rate: 0.01", "lr: 0.01"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:11:26: optimizer.lr: unknown key; did you mean "learning_rate"?",
      ]
    `);
  });
  it("an optimizer option of another optimizer (momentum on adam)", () => {
    expect(problems(edit("learning_rate: 0.01 }", "learning_rate: 0.01, momentum: 0.9 }"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:11:47: optimizer.momentum: unknown key; momentum is an option of type sgd",
      ]
    `);
  });
  it("an unknown optimizer type via the string shorthand", () => {
    expect(problems(edit("optimizer: { type: adam, learning_rate: 0.01 }", "optimizer: adamm"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:11:12: optimizer.type: unknown optimizer type "adamm"; expected one of sgd, adam, adamw, rmsprop, adagrad; did you mean "adam"?",
      ]
    `);
  });
  it("an unknown schedule type", () => {
    expect(problems(edit("training:", "schedule: { type: cosine_restart }\ntraining:"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:12:19: schedule.type: unknown schedule type "cosine_restart"; expected one of constant, step, time, exponential, cosine, cosine_restarts, reduce_on_plateau; did you mean "cosine_restarts"?",
      ]
    `);
  });
  it("fractional epochs", () => {
    expect(problems(edit("epochs: 5", "epochs: 1.5"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:13:11: training.epochs: expected a positive integer, got 1.5",
      ]
    `);
  });
  it("batch_size 0", () => {
    expect(problems(edit("batch_size: 16", "batch_size: 0"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:14:15: training.batch_size: expected a positive integer or "full", got 0",
      ]
    `);
  });
  it("batch_size as a word other than full", () => {
    expect(problems(edit("batch_size: 16", "batch_size: all"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:14:15: training.batch_size: expected a positive integer or "full", got "all"",
      ]
    `);
  });
  it("an unknown metric name", () => {
    expect(problems(edit("metrics: [accuracy]", "metrics: [accuracy, precission]"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:15:21: metrics[1]: expected one of accuracy, balanced_accuracy, precision, recall, f1, auc, log_loss, mse, rmse, mae, r2, got "precission"; did you mean "precision"?",
      ]
    `);
  });
  it("an unknown loss name", () => {
    expect(problems(edit("loss: categorical_crossentropy", "loss: crossentropy"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:10:7: loss: expected one of mse, mae, binary_crossentropy, categorical_crossentropy, got "crossentropy"; did you mean "categorical_crossentropy"?",
      ]
    `);
  });
  it("a ratio above 1", () => {
    expect(problems(edit("  task: multiclass", "  task: multiclass\n  split: { train: 1.2, validation: 0, test: 0 }"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:6:19: data.split.train: expected a number from 0 to 1, got 1.2",
      ]
    `);
  });
  it("a boolean given as yes-string", () => {
    expect(problems(edit("  batch_size: 16", "  batch_size: 16\n  shuffle: maybe"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:15:12: training.shuffle: expected true or false, got "maybe"",
      ]
    `);
  });
  it("a missing required key (data.target) points at its parent", () => {
    expect(problems(edit("  target: species\n", ""))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:2:1: data.target: missing (required for a CSV); expected a non-empty string or a non-empty list of strings (the column(s) to predict)",
      ]
    `);
  });
  it("an empty value (null) where a number is expected points at the key", () => {
    expect(problems(edit("epochs: 5", "epochs:"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:13:3: training.epochs: expected a positive integer, got an empty value (null)",
      ]
    `);
  });
  it("an empty layer list", () => {
    const yaml = edit("    - { type: dense, units: 16, activation: relu }\n    - { type: dense, units: 3, activation: softmax }\n", "    []\n");
    expect(problems(yaml)).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:8:5: model.layers: expected a non-empty list of mappings, each with a type (dense, dropout, reshape, flatten, conv2d, max_pool2d, avg_pool2d, global_average_pool2d, batch_norm), got an empty list",
      ]
    `);
  });
  it("dropout rate 1 is out of range", () => {
    expect(problems(edit("    - { type: dense, units: 3", "    - { type: dropout, rate: 1 }\n    - { type: dense, units: 3"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:9:30: model.layers[1].rate: expected a number >= 0 and < 1, got 1",
      ]
    `);
  });
  it("several problems are all reported, sorted by line and column", () => {
    const yaml = edit("epochs: 5", "epochs: 0", edit("learning_rate: 0.01", "learning_rate: -1", edit("task: multiclass", "task: what")));
    expect(problems(yaml)).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:5:9: data.task: expected one of auto, regression, binary, multiclass, multilabel, got "what"",
        "configs/test.yaml:11:41: optimizer.learning_rate: expected a positive number, got -1",
        "configs/test.yaml:13:11: training.epochs: expected a positive integer, got 0",
      ]
    `);
  });
});

describe("YAML syntax errors have the same form", () => {
  it("bad indentation", () => {
    expect(problems("data:\n  path: x\n   target: y\n")).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:3:4: the key "target" is indented by 3 spaces, the other keys of data by 2: indent it by 2 spaces, so the keys of one mapping line up (a key goes deeper only under a key with no value of its own)
        the YAML parser says: Nested mappings are not allowed in compact mappings (at line 2, column 9)",
      ]
    `);
  });
  it("duplicate keys", () => {
    expect(problems(edit("  target: species", "  target: species\n  target: other"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:5:3: invalid YAML: Map keys must be unique",
      ]
    `);
  });
  it("an unclosed flow sequence", () => {
    expect(problems(edit("metrics: [accuracy]", "metrics: [accuracy"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:16:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
      ]
    `);
  });
  it("an alias with no anchor before it", () => {
    expect(problems(edit("units: 3,", "units: *three,"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:9:29: invalid YAML: the alias *three has no anchor &three before it (a value starting with * is an alias; quote it for a string)",
      ]
    `);
  });
  it("aliases that expand to more than 1000 values", () => {
    let yaml = "a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n";
    for (let i = 1; i < 4; i++) yaml += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]\n`;
    expect(problems(yaml)).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:1:1: invalid YAML: the aliases (*name) expand to more than 1000 values; write the values out instead",
      ]
    `);
  });
  it("is code config.yaml with a summary message", () => {
    const err = errorOf("a: [\n");
    expect(err.code).toBe("config.yaml");
    expect(err.message).toMatchInlineSnapshot(`"invalid YAML (1 problem); nothing was run"`);
  });
});

describe("the whole document", () => {
  it("an empty file", () => {
    expect(problems("")).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:1:1: the file is empty; expected a mapping with at least data and model",
      ]
    `);
  });
  it("a list at the top level", () => {
    expect(problems("- a\n- b\n")).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:1:1: expected a mapping (key: value) at the top level, e.g. \`data:\` and \`model:\`",
      ]
    `);
  });
  it("a data file that does not exist, relative to the config's folder", () => {
    expect(problems(edit("../datasets/iris.csv", "../datasets/nope.csv"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:3:9: data.path: file not found: "../datasets/nope.csv" (looked for datasets/nope.csv; paths in the file are relative to its folder)",
      ]
    `);
  });
  it("is code config.invalid and lists all problems in details", () => {
    const err = errorOf(edit("epochs: 5", "epochs: 0", edit("units: 16", "units: -2")));
    expect(err.code).toBe("config.invalid");
    expect(err.details).toHaveLength(2);
    expect(err.message).toMatchInlineSnapshot(`"invalid config (2 problems); nothing was run"`);
  });
  void good;
});
