// The wording of messages that depend on a count or on two configs: "1 unit" (not "1 units") wherever a
// count is printed, and the --resume refusal naming the keys that differ. Needs dist/ (npm run build first).
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mltrain as run, root, tmp } from "./cli.js";

const cwd = tmp("messages");
const mltrain = (args: string[]) => run(args, cwd);
const iris = path.join(root, "configs", "iris.yaml");

describe("singular counts", () => {
  it("a last layer of 1 unit on 3 labels: `has 1 unit`", () => {
    const r = mltrain(["fit", path.join(root, "configs", "digits_multilabel.yaml"), "--set", "model.layers[2].units=1", "--dry-run"]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toMatchInlineSnapshot(`"--set model.layers[2].units=1: model.layers[2].units: the last dense layer has 1 unit but the data has 3 labels; set units: 3 or omit it"`);
  });
  it("validate and schedule of a 1-epoch config: `1 epoch`", () => {
    const v = mltrain(["validate", iris, "--set", "training.epochs=1"]);
    expect(v.code).toBe(0);
    expect(v.stdout.split("\n").find((l) => l.includes("batch_size"))).toMatchInlineSnapshot(`"  training    1 epoch, batch_size 16, shuffled, seed 42"`);
    const s = mltrain(["schedule", iris, "--set", "training.epochs=1"]);
    expect(s.code).toBe(0);
    expect(s.stdout.split("\n")[0]).toMatchInlineSnapshot(`"Learning rate per epoch: constant (warmup_epochs=0), lr0 0.01, 1 epoch"`);
  });
  it("a test split of 1 row and 1 feature: `Test (1 row)`; the report's `1 feature` and `(test split, 1 row)`; validate's `first 1 row`", () => {
    const diabetes = path.join(root, "configs", "diabetes.yaml");
    const set = ["--set", "data.limit=20", "--set", "data.features=[bmi]", "--set", "data.split={train: 0.9, validation: 0.05, test: 0.05}"];
    const r = mltrain(["fit", diabetes, "--set", "training.epochs=1", ...set, "-o", "one", "--report"]);
    expect(r.code).toBe(0);
    const html = readFileSync(path.join(cwd, "one", "report.html"), "utf8");
    expect(html.match(/>1 feature[^<]*</)?.[0]).toMatchInlineSnapshot(`">1 feature → progression; rows: train 18, validation 1, test 1.<"`);
    expect(html.match(/Predicted vs true [^<]*/)?.[0]).toMatchInlineSnapshot(`"Predicted vs true progression (test split, 1 row)"`);
    const v = mltrain(["validate", diabetes, "--set", "data.limit=1"]);
    expect(v.stdout.match(/task regression, first .*/)?.[0]).toMatchInlineSnapshot(`"task regression, first 1 row of each file"`);
    expect(r.stdout.split("\n").find((l) => l.startsWith("Test"))?.replace(/: .*/, "")).toMatchInlineSnapshot(`"Test (1 row)"`);
  });
});

describe("--resume with another config", () => {
  beforeAll(() => {
    expect(mltrain(["fit", iris, "--set", "training.epochs=1", "--verbose", "0", "-o", "run"]).code).toBe(0);
  }, 60_000);
  it("names every key that differs, as a --set path with the checkpoint's value and the new one; exit 2", () => {
    const r = mltrain(["fit", iris, "--set", "training.epochs=2", "--set", "model.layers[0].units=8", "--seed", "3", "-o", "run", "--resume", "run/checkpoint.json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd()).toMatchInlineSnapshot(`"run/checkpoint.json: the checkpoint was written by a run with another config (checkpoint → now: seed 42 → 3, model.layers[0].units 16 → 8); resume with the same config file, --set and --seed values; only training.epochs may grow (train longer)"`);
  });
  it("a YAML file given as the checkpoint: says what --resume takes", () => {
    const r = mltrain(["fit", iris, "--set", "training.epochs=1", "-o", "run", "--resume", "run/config.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().replace(cwd, "DIR")).toMatchInlineSnapshot(`"DIR/run/config.yaml: not a mltrain-checkpoint file: it is YAML (a config?), not JSON; --resume takes the checkpoint.json of a run folder (e.g. runs/NAME/checkpoint.json)"`);
  });
});
