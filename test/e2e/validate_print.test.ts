// `mltrain validate CONFIG --print`: the resolved YAML, byte for byte the config.yaml a fit of the same
// config (and the same --set / --seed) writes to its run folder.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mltrain, root, tmp } from "./cli.js";

const config = (name: string) => path.join(root, "configs", name);

describe("mltrain validate --print", () => {
  it.each([
    ["iris.yaml", ["--set", "training.epochs=1"]],
    ["breast_cancer.yaml", ["--set", "training.epochs=1", "--seed", "7"]],
    ["digits_multilabel.yaml", ["--set", "training.epochs=1", "--set", "optimizer=sgd"]],
  ])("%s %j: prints exactly the run folder's config.yaml", (name, args) => {
    const dir = tmp("validate");
    const fit = mltrain(["fit", config(name), ...args, "-o", "run"], dir);
    expect(fit.code).toBe(0);
    const v = mltrain(["validate", config(name), ...args, "--print"], dir);
    expect(v.code).toBe(0);
    expect(v.stderr).toBe("");
    expect(v.stdout).toBe(readFileSync(path.join(dir, "run", "config.yaml"), "utf8"));
    // what the data decided is in it: the task and loss are explicit
    expect(v.stdout).toMatch(/^  task: (multiclass|binary|multilabel)$/m);
    expect(v.stdout).toMatch(/^loss: \w+crossentropy$/m);
  });

  it("a config the data does not fit: the config error, exit 2, nothing printed to stdout", () => {
    const v = mltrain(["validate", "configs/iris.yaml", "--set", "loss=mse", "--print"], root);
    expect(v.code).toBe(2);
    expect(v.stdout).toBe("");
    expect(v.stderr).toMatchInlineSnapshot(`
      "--set loss=mse: loss: a multiclass task needs categorical_crossentropy (multiclass → softmax output + categorical_crossentropy), got mse
      mltrain: configs/iris.yaml: invalid config (1 problem); nothing was run
      "
    `);
  });
});
