// `mltrain fit` against whole PyTorch training runs (test/fixtures/fit, written once by
// test/fixtures/generate/torch_fit_reference.py): same initial weights (model.init_from), the file's rows in
// order (no normalisation, no shuffling, train split 1.0), so every epoch's reported loss (batch-size-
// weighted mean), lr and the final weights must match. Tolerance: 1e-4 relative (float32 over many steps).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { mltrain, root, tmp } from "./cli.js";

const fixtures = path.join(root, "test", "fixtures", "fit");
const reference = JSON.parse(readFileSync(path.join(fixtures, "torch_fit_reference.json"), "utf8"));

interface Case {
  name: string;
  data: string;
  target: string;
  seed: number;
  layers: { units: number; activation: string }[];
  loss: string;
  optimizer: Record<string, unknown> & { type: string };
  lr: number;
  schedule: Record<string, unknown>;
  batch_size: number;
  epochs: number;
}

const close = (a: number, b: number, rel = 1e-4) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

describe.each(Object.keys(reference.cases))("mltrain fit matches PyTorch: %s", (name) => {
  const { case: c, epochs, final_weights } = reference.cases[name] as {
    case: Case;
    epochs: { epoch: number; lr: number; loss: number }[];
    final_weights: { kernel: number[][]; bias: number[] }[];
  };

  it(`per-epoch loss and lr over ${c.epochs} epochs, and the final weights, within 1e-4 relative`, () => {
    const dir = tmp("ref");
    const config = {
      name: c.name,
      seed: c.seed,
      data: {
        path: path.join(root, "datasets", c.data),
        target: c.target,
        task: "multiclass",
        normalize: "none",
        split: { train: 1, validation: 0, test: 0, shuffle: false, stratify: false },
      },
      model: { init_from: path.join(fixtures, `${c.name}_init.json`), layers: c.layers.map((l) => ({ type: "dense", ...l })) },
      loss: c.loss,
      optimizer: { ...c.optimizer, learning_rate: c.lr },
      schedule: c.schedule,
      training: { epochs: c.epochs, batch_size: c.batch_size, shuffle: false },
      metrics: ["accuracy"],
    };
    writeFileSync(path.join(dir, "ref.yaml"), stringify(config));
    const r = mltrain(["fit", "ref.yaml", "--json", "-o", "run"], dir);
    expect(r.stderr.split("\n").filter((l) => /error|mltrain:/.test(l))).toEqual([]);
    expect(r.code).toBe(0);
    const ours = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l)).filter((e) => e.event === "epoch_end");
    expect(ours).toHaveLength(epochs.length);
    ours.forEach((e, i) => {
      expect(e.epoch).toBe(epochs[i].epoch);
      expect(close(e.lr, epochs[i].lr, 1e-12), `lr of epoch ${e.epoch}: ${e.lr} vs ${epochs[i].lr}`).toBe(true);
      expect(close(e.loss, epochs[i].loss), `loss of epoch ${e.epoch}: ${e.loss} vs torch ${epochs[i].loss}`).toBe(true);
    });
    const model = JSON.parse(readFileSync(path.join(dir, "run", "model.json"), "utf8"));
    final_weights.forEach((w, l) => {
      const got = model.layers[l].weights;
      w.kernel.forEach((row, i) => row.forEach((v, j) => expect(close(got.kernel[i][j], v), `layer ${l} kernel[${i}][${j}]`).toBe(true)));
      w.bias.forEach((v, j) => expect(close(got.bias[j], v), `layer ${l} bias[${j}]`).toBe(true));
    });
  });
});
