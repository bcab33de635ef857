// configs/digits-tune.yaml: its search passes readSearch (every path and space checked against the
// config), and its starting point is digits.yaml's network and training, as its comments say, so
// `mltrain fit configs/digits-tune.yaml` is the baseline the study is measured against (README, Tuning).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { readSearch } from "../../src/tune/search.js";

const root = path.resolve(import.meta.dirname, "../..");

describe("configs/digits-tune.yaml", () => {
  it("has a valid search: tpe over val_accuracy with asha, the optimizer and the layer list as whole subtrees first", async () => {
    const spec = readSearch(await loadConfig("configs/digits-tune.yaml", [], root, { taskFromData: true }));
    expect(spec).toMatchObject({ metric: "val_accuracy", direction: "maximize", trials: 40, sampler: "tpe", parallel: "auto", seed: 7 });
    expect(spec.pruner).toEqual({ type: "asha", grace_epochs: 4, reduction_factor: 3 });
    expect(spec.parameters.map((p) => [p.path, p.space.space])).toEqual([
      ["optimizer", "choice"],
      ["model.layers", "choice"],
      ["optimizer.learning_rate", "loguniform"],
      ["model.layers[0].units", "int"],
      ["model.layers[1].rate", "uniform"],
      ["training.batch_size", "choice"],
    ]);
  });

  it("starts from digits.yaml's model, loss, optimizer, schedule, training and metrics; only the split differs", async () => {
    const tune = (await loadConfig("configs/digits-tune.yaml", [], root)).config;
    const base = (await loadConfig("configs/digits.yaml", [], root)).config;
    for (const key of ["seed", "model", "loss", "optimizer", "schedule", "training", "metrics"] as const) expect(tune[key], key).toEqual(base[key]);
    const { split: a, ...dataTune } = tune.data;
    const { split: b, ...dataBase } = base.data;
    expect(dataTune).toEqual(dataBase);
    expect([a, b].map((s) => [s.train, s.validation, s.test])).toEqual([[0.7, 0.15, 0.15], [0.8, 0.1, 0.1]]);
  });
});
