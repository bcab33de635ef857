// --set PATH=VALUE: VALUE parsed as YAML, applied before validation; problems name the override.
import { describe, expect, it } from "vitest";
import { edit, errorOf, good, load, problems } from "./helpers.js";

describe("good overrides", () => {
  it("set numbers, strings, lists and mappings parsed as YAML", () => {
    const c = load(good, [
      "training.epochs=7",
      "optimizer.type=sgd",
      "optimizer.learning_rate=0.5",
      "metrics=[accuracy, f1]",
      "data.split={train: 0.8, validation: 0.2}",
    ]).config;
    expect(c.training.epochs).toBe(7);
    expect(c.optimizer).toEqual({ type: "sgd", learning_rate: 0.5, momentum: 0, nesterov: false });
    expect(c.metrics).toEqual(["accuracy", "f1"]);
    expect(c.data.split).toMatchObject({ train: 0.8, validation: 0.2, test: 0 });
  });
  it("index layers with [i] or .i, and batch_size full", () => {
    const c = load(good, ["model.layers[0].units=8", "model.layers.1.activation=softmax", "training.batch_size=full"]).config;
    expect(c.model.layers[0]).toMatchObject({ type: "dense", units: 8 });
    expect(c.training.batch_size).toBe("full");
  });
  it("the shorthand optimizer=rmsprop replaces the whole optimizer", () => {
    expect(load(good, ["optimizer=rmsprop"]).config.optimizer).toEqual({ type: "rmsprop", learning_rate: 0.001, rho: 0.9, epsilon: 1e-7 });
  });
  it("a shorthand override can be followed by an option of that type", () => {
    expect(load(good, ["schedule=cosine", "schedule.period=5"]).config.schedule).toEqual({ type: "cosine", period: 5, min_lr: 0, warmup_epochs: 0 });
  });
  it("an empty VALUE removes the key, so its default applies", () => {
    expect(load(good, ["training.batch_size="]).config.training.batch_size).toBe(32);
  });
  it("an option of an optimizer or schedule the file omits sets it on the default (adam, constant)", () => {
    const yaml = edit("optimizer: { type: adam, learning_rate: 0.01 }\n", "");
    const c = load(yaml, ["optimizer.learning_rate=0.1", "schedule.warmup_epochs=2"]).config;
    expect(c.optimizer).toEqual({ type: "adam", learning_rate: 0.1, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, weight_decay: 0 });
    expect(c.schedule).toEqual({ type: "constant", warmup_epochs: 2 });
    // a misspelled option of the default optimizer is still named at its --set
    expect(problems(yaml, ["optimizer.lr=0.1"])).toEqual(['--set optimizer.lr=0.1: optimizer.lr: unknown key; did you mean "learning_rate"?']);
  });
  it("later overrides win", () => {
    expect(load(good, ["training.epochs=2", "training.epochs=3"]).config.training.epochs).toBe(3);
  });
  it("removing a key below a mapping the file does not have changes nothing", () => {
    expect(load(good, ["optimizer.x.y="]).config.optimizer).toEqual(load(good).config.optimizer);
  });
  it("a key below an alias changes that path only, not the anchored value", () => {
    const yaml = edit("- { type: dense, units: 16, activation: relu }", "- &hidden { type: dense, units: 16, activation: relu }\n    - *hidden");
    const layers = load(yaml, ["model.layers[1].units=8"]).config.model.layers;
    expect(layers.map((l) => (l as { units: number }).units)).toEqual([16, 8, 3]);
  });
  it("a --set path is relative to the current folder, not the config's", () => {
    const c = load(good, ["data.path=datasets/wine.csv"]).config;
    expect(c.data.path!.endsWith("/datasets/wine.csv")).toBe(true);
  });
});

describe("bad overrides name the override, not a file line", () => {
  it("a value of the wrong type", () => {
    expect(problems(good, ["optimizer.learning_rate=fast"])).toMatchInlineSnapshot(`
      [
        "--set optimizer.learning_rate=fast: optimizer.learning_rate: expected a positive number, got "fast"",
      ]
    `);
  });
  it("an unknown key with did-you-mean", () => {
    expect(problems(good, ["optimizer.lr=0.1"])).toMatchInlineSnapshot(`
      [
        "--set optimizer.lr=0.1: optimizer.lr: unknown key; did you mean "learning_rate"?",
      ]
    `);
  });
  it("an unknown optimizer type", () => {
    expect(problems(good, ["optimizer.type=sgdd"])).toMatchInlineSnapshot(`
      [
        "--set optimizer.type=sgdd: optimizer.type: unknown optimizer type "sgdd"; expected one of sgd, adam, adamw, rmsprop, adagrad; did you mean "sgd"?",
      ]
    `);
  });
  it("an index past the end of a list", () => {
    expect(problems(good, ["model.layers[5].units=3"])).toMatchInlineSnapshot(`
      [
        "--set model.layers[5].units=3: model.layers has 2 item(s) (indices 0 to 1)",
      ]
    `);
  });
  it("a key below a scalar", () => {
    expect(problems(good, ["data.target.name=x"])).toMatchInlineSnapshot(`
      [
        "--set data.target.name=x: data.target is "species", not a mapping, so it has no key "name"",
      ]
    `);
  });
  it("no = sign, a malformed path, invalid YAML", () => {
    expect(problems(good, ["training.epochs", "a..b=1", "metrics=[a"])).toMatchInlineSnapshot(`
      [
        "--set training.epochs: expected PATH=VALUE, e.g. --set training.epochs=5",
        "--set a..b=1: "a..b" is not a key path; write keys separated by dots, e.g. optimizer.learning_rate or model.layers[0].units",
        "--set metrics=[a: VALUE is not valid YAML: Flow sequence must end with a ]",
      ]
    `);
  });
  it("a key named like an Object property (constructor, toString) is an unknown key", () => {
    expect(problems(good, ["constructor.prototype=[]", "toString=1"])).toMatchInlineSnapshot(`
      [
        "--set constructor.prototype=[]: constructor: unknown key; expected one of name, seed, data, model, loss, optimizer, schedule, training, metrics, search",
        "--set toString=1: toString: unknown key; expected one of name, seed, data, model, loss, optimizer, schedule, training, metrics, search",
      ]
    `);
  });
  it("a VALUE with an alias that has no anchor", () => {
    expect(problems(good, ["data=*!"])).toMatchInlineSnapshot(`
      [
        "--set data=*!: VALUE is not valid YAML: the alias *! has no anchor &! before it (a value starting with * is an alias; quote it for a string)",
      ]
    `);
  });
  it("a cross-field problem caused by an override", () => {
    expect(problems(good, ["data.split={train: 0.9, validation: 0.1, test: 0.1}"])).toMatchInlineSnapshot(`
      [
        "--set data.split={train: 0.9, validation: 0.1, test: 0.1}: data.split: train + validation + test must sum to 1, got 0.9 + 0.1 + 0.1 = 1.1",
      ]
    `);
  });
  it("file problems come first, then override problems in command-line order", () => {
    const yaml = good.replace("epochs: 5", "epochs: 0");
    expect(problems(yaml, ["training.batch_size=-1"])).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:13:11: training.epochs: expected a positive integer, got 0",
        "--set training.batch_size=-1: training.batch_size: expected a positive integer or "full", got -1",
      ]
    `);
  });
  it("only override problems: code config.override", () => {
    expect(errorOf(good, ["training.epochs=0"]).code).toBe("config.override");
    expect(errorOf(good, ["a..b=1"]).code).toBe("config.override");
  });
});
