import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.js";
import { MltrainError } from "../../src/errors.js";
import { readSearch, trialOverrides, withoutSearch } from "../../src/tune/search.js";

const configs = path.resolve(import.meta.dirname, "../../configs");
const iris = readFileSync(path.join(configs, "iris.yaml"), "utf8");

function load(search: string, base = iris) {
  return parseConfig(`${base}\nsearch:\n${search}`, "iris.yaml", [], { dir: configs });
}
function problems(search: string, base = iris): string[] {
  try {
    readSearch(load(search, base));
  } catch (e) {
    if (e instanceof MltrainError) return [e.message, ...e.details];
    throw e;
  }
  return [];
}

describe("readSearch", () => {
  it("fills the defaults: tpe, no pruner, the config's seed, direction from the metric", () => {
    const s = readSearch(
      load(`  metric: val_accuracy
  trials: 12
  pruner: { type: median }
  parameters:
    optimizer.learning_rate: { space: loguniform, low: 1.0e-4, high: 0.1 }
    model.layers[0].units: { space: int, low: 8, high: 64, log: true }
    optimizer: { space: choice, values: [{type: adam}, {type: sgd, momentum: 0.9}] }`),
    );
    expect(s).toMatchObject({ metric: "val_accuracy", direction: "maximize", trials: 12, sampler: "tpe", seed: 42, parallel: 1 });
    expect(s.pruner).toEqual({ type: "median", n_startup_trials: 5, n_warmup_epochs: 0 });
    expect(s.parameters.map((p) => p.path)).toEqual(["optimizer.learning_rate", "model.layers[0].units", "optimizer"]);
  });

  it("grid: trials default to the number of combinations", () => {
    const s = readSearch(
      load(`  sampler: grid
  parameters:
    training.batch_size: { space: grid, values: [16, 32] }
    model.layers[0].units: { space: int, low: 8, high: 24, step: 8 }`),
    );
    expect(s.trials).toBe(6);
    expect(s.direction).toBe("minimize");
    expect(problems(`  sampler: grid\n  parameters:\n    optimizer.learning_rate: { space: uniform, low: 0.001, high: 0.1 }`)).toMatchInlineSnapshot(`
      [
        "invalid search (1 problem); no trial was run",
        "iris.yaml:37:39: search.parameters.optimizer.learning_rate.space: the grid sampler needs finite spaces (grid, choice, int), got uniform",
      ]
    `);
  });

  it("model.layers as a choice of lists (architecture search): each list is checked as a config", () => {
    expect(
      problems(`  parameters:
    model.layers:
      space: choice
      values:
        - [{ type: dense, units: 8, activation: relu }, { type: dense, units: 3, activation: softmax }]
        - [{ type: dense, units: 8, activation: relu }, { type: dense, units: 3, activaton: softmax }]`),
    ).toMatchInlineSnapshot(`
      [
        "invalid search (1 problem); no trial was run",
        "iris.yaml:40:11: search.parameters.model.layers.values[1]: model.layers=[{"type":"dense","units":8,"activation":"relu"},{"type":"dense","units":3,"activaton":"softmax"}] makes an invalid config: model.layers[1].activaton: unknown key; did you mean "activation"?",
      ]
    `);
  });

  it("reports every bad path, space and metric at file:line:col, before any trial", () => {
    expect(
      problems(`  metric: val_acuracy
  sampler: grid
  parameters:
    optimizer.learnin_rate: { space: grid, values: [0.1] }
    model.layers[5].units: { space: grid, values: [8] }
    model.layers[0].units: { space: uniform, low: 8, high: 64 }
    training.batch_size: { space: grid, values: [] }
    optimizer.beta_1: { space: loguniform, low: 0, high: 0.9 }
    training.epochs: { space: int, low: 9, high: 3 }
    optimizer: { space: choice, values: [{type: adam}, {type: sgd, momentun: 0.9}] }`),
    ).toMatchInlineSnapshot(`
      [
        "invalid search (8 problems); no trial was run",
        "iris.yaml:35:11: search.metric: cannot optimise "val_acuracy": the history has loss, accuracy, val_loss, val_accuracy; did you mean "val_accuracy"?",
        "iris.yaml:38:53: search.parameters.optimizer.learnin_rate.values[0]: optimizer.learnin_rate=0.1 makes an invalid config: optimizer.learnin_rate: unknown key; did you mean "learning_rate"?",
        "iris.yaml:39:52: search.parameters.model.layers[5].units.values[0]: model.layers[5].units=8 makes an invalid config: model.layers has 2 item(s) (indices 0 to 1)",
        "iris.yaml:40:28: search.parameters.model.layers[0].units: model.layers[0].units=29.112000000000002 makes an invalid config: model.layers[0].units: expected a positive integer, got 29.112000000000002; an integer key takes space: int",
        "iris.yaml:41:49: search.parameters.training.batch_size.values: expected a non-empty list, got an empty list",
        "iris.yaml:42:49: search.parameters.optimizer.beta_1.low: a log space needs low > 0 (got 0); use a uniform space or a positive low",
        "iris.yaml:43:50: search.parameters.training.epochs.high: high must be greater than low (got low 9, high 3)",
        "iris.yaml:44:56: search.parameters.optimizer.values[1]: optimizer={"type":"sgd","momentun":0.9} makes an invalid config: optimizer.momentun: unknown key; did you mean "momentum"?",
      ]
    `);
  });

  it("trialOverrides gives --set strings that load; withoutSearch drops the section", () => {
    const sets = trialOverrides({ "optimizer.learning_rate": 0.001, optimizer: { type: "sgd", momentum: 0.9 }, "model.layers[0].units": 32 });
    expect(sets).toEqual(['optimizer.learning_rate=0.001', 'optimizer={"type":"sgd","momentum":0.9}', "model.layers[0].units=32"]);
    const loaded = parseConfig(iris, "iris.yaml", sets.slice(1), { dir: configs });
    expect(loaded.config.optimizer).toMatchObject({ type: "sgd", momentum: 0.9 });
    expect(withoutSearch(`a: 1\nsearch:\n  metric: loss\nb: 2\n`)).toBe("a: 1\nb: 2\n");
  });
});
