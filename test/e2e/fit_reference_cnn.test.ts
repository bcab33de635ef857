// `mltrain fit` against two whole PyTorch CNN trainings (test/fixtures/fit, written once by
// test/fixtures/generate/torch_fit_cnn.py): reshape -> conv2d -> (batch_norm) -> max/avg pool -> flatten
// -> dense softmax on the first 200 digits rows, the same initial weights (model.init_from), rows in file
// order. Every epoch's loss and the final weights, batch_norm's moving statistics included, must match.
// Tolerance: 1e-5 relative (float32 kernels on both sides over 21-30 steps), floor 1 for values near 0.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { mltrain, root, tmp } from "./cli.js";

const fixtures = path.join(root, "test", "fixtures", "fit");
const reference = JSON.parse(readFileSync(path.join(fixtures, "torch_fit_cnn.json"), "utf8"));
const TOL = 1e-5;

const flat = (a: unknown): number[] => (Array.isArray(a) ? a.flatMap(flat) : [a as number]);
const close = (a: number, b: number) => Math.abs(a - b) <= TOL * Math.max(1, Math.abs(b));

describe.each(Object.keys(reference.cases))("mltrain fit matches a PyTorch CNN training: %s", (name) => {
  const { case: c, layers, epochs, final_weights } = reference.cases[name];

  it(`per-epoch loss over ${c.epochs} epochs and every final weight and moving statistic, within ${TOL} relative`, () => {
    const dir = tmp("ref-cnn");
    const config = {
      name,
      seed: c.seed,
      data: {
        path: path.join(root, "datasets", "digits.csv"),
        target: "digit",
        task: "multiclass",
        rescale: "1/16",
        normalize: "none",
        limit: reference.limit,
        split: { train: 1, validation: 0, test: 0, shuffle: false, stratify: false },
      },
      model: { init_from: path.join(fixtures, `${name}_init.json`), layers },
      loss: "categorical_crossentropy",
      optimizer: { ...c.optimizer, learning_rate: c.lr },
      training: { epochs: c.epochs, batch_size: c.batch_size, shuffle: false },
    };
    writeFileSync(path.join(dir, "ref.yaml"), stringify(config));
    const r = mltrain(["fit", "ref.yaml", "--json", "-o", "run"], dir);
    expect(r.stderr.split("\n").filter((l) => /error|mltrain:/.test(l))).toEqual([]);
    expect(r.code).toBe(0);
    const ours = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l)).filter((e) => e.event === "epoch_end");
    expect(ours.map((e) => e.epoch)).toEqual(epochs.map((e: { epoch: number }) => e.epoch));
    ours.forEach((e, i) => expect(close(e.loss, epochs[i].loss), `loss of epoch ${e.epoch}: ${e.loss} vs torch ${epochs[i].loss}`).toBe(true));
    const model = JSON.parse(readFileSync(path.join(dir, "run", "model.json"), "utf8"));
    final_weights.forEach((w: Record<string, unknown> | null, l: number) => {
      if (w === null) return;
      for (const [key, want] of Object.entries(w)) {
        const got = flat(model.layers[l].weights[key]);
        const ref = flat(want);
        expect(got).toHaveLength(ref.length);
        ref.forEach((v, j) => expect(close(got[j], v), `layer ${l} ${key}[${j}]: ${got[j]} vs torch ${v}`).toBe(true));
      }
    });
  });
});
