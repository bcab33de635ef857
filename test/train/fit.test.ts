import { describe, expect, it } from "vitest";
import { Sequential, Rng } from "../../src/engine/index.js";
import { fit, MODEL_SALT } from "../../src/train/index.js";
import { blobs, epochEnds, fileKernels, runFit, tinyConfig } from "./helpers.js";

describe("fit loop", () => {
  it("reports the epoch loss as the batch-size-weighted mean of the batch losses (Keras), tolerance 1e-12", async () => {
    // 40 rows at batch 16: batches of 16, 16 and 8 rows. Rebuild the same model and replay the same
    // batches by hand (shuffle off) to get each batch loss.
    const config = tinyConfig({}, { epochs: 1, batch_size: 16, shuffle: false });
    const { events } = await runFit({ config, validation: null });
    const reported = epochEnds(events)[0].logs.loss;

    const train = blobs(40, 1);
    const model = new Sequential(config.model.layers, {
      nIn: 2, nOut: 2, maxBatch: 16, kernels: fileKernels(), rng: Rng.derive(config.seed, MODEL_SALT),
      loss: "categorical_crossentropy", optimizer: config.optimizer,
    });
    const losses: number[] = [];
    for (const [start, b] of [[0, 16], [16, 16], [32, 8]]) {
      losses.push(model.trainStep(train.x.slice(start * 2, (start + b) * 2), train.y.slice(start * 2, (start + b) * 2), b, 0.05));
    }
    const weighted = (losses[0] * 16 + losses[1] * 16 + losses[2] * 8) / 40;
    const plain = (losses[0] + losses[1] + losses[2]) / 3;
    expect(reported).toBeCloseTo(weighted, 12);
    expect(Math.abs(weighted - plain)).toBeGreaterThan(1e-6); // the claim is checkable: the two means differ
  });

  it("logs loss, accuracy, val_loss, val_accuracy, seconds and per-layer grad norms each epoch; learns the blobs (val_accuracy >= 0.9)", async () => {
    const { events, result } = await runFit({ config: tinyConfig() });
    const ends = epochEnds(events);
    expect(ends.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Object.keys(ends[0].logs)).toEqual([
      "epoch", "lr", "loss", "accuracy", "val_loss", "val_accuracy", "seconds", "grad_norm_dense", "grad_norm_dense_1",
    ]);
    expect(ends[0].logs.lr).toBeCloseTo(0.05, 12);
    expect(ends[5].logs.val_accuracy).toBeGreaterThanOrEqual(0.9);
    expect(result.status).toBe("completed");
    expect(result.history).toHaveLength(6);
  });

  it("is deterministic: the same config and seed give identical weights and history", async () => {
    const a = await runFit({ config: tinyConfig({}, { restarts: 2 }) });
    const b = await runFit({ config: tinyConfig({}, { restarts: 2 }) });
    expect(JSON.stringify(a.result.model.toJSON())).toBe(JSON.stringify(b.result.model.toJSON()));
    expect(a.result.history).toEqual(b.result.history);
    const c = await runFit({ config: tinyConfig({ seed: 8 }) });
    expect(JSON.stringify(c.result.model.toJSON())).not.toBe(JSON.stringify(a.result.model.toJSON()));
  });

  it("stops early after `patience` epochs without improvement and restores the best epoch's weights", async () => {
    // lr 0 after the first epoch cannot improve val_loss: epochs 2..4 are 3 epochs without improvement.
    const config = tinyConfig(
      { schedule: { type: "step", factor: 1e-30, every: 1 } },
      { epochs: 20, early_stopping: { monitor: "val_loss", patience: 3, restore_best: true } },
    );
    const { events, result } = await runFit({ config });
    const ends = epochEnds(events);
    expect(ends).toHaveLength(4);
    expect(result.stoppedEarly).toBe(true);
    expect(result.bestEpoch).toBe(1);
    expect(result.restarts[0]).toMatchObject({ epochs_run: 4, best_epoch: 1, stopped_early: true });
  });

  it("runs `restarts` trainings from different seeds, keeps the one with the best monitored value, lists them all", async () => {
    const config = tinyConfig({}, { restarts: 3, epochs: 2 });
    const { events, result } = await runFit({ config });
    const ends = events.flatMap((e) => (e.type === "restart_end" ? [e.result] : []));
    expect(ends.map((r) => r.restart)).toEqual([1, 2, 3]);
    const values = ends.map((r) => r.best_value!);
    const bestIndex = values.indexOf(Math.min(...values));
    expect(result.restarts.map((r) => r.kept)).toEqual([0, 1, 2].map((i) => i === bestIndex));
    // best_so_far: below every earlier restart's value (the running minimum), whatever comes later
    const bestSoFar = events.flatMap((e) => (e.type === "restart_end" ? [e.best_so_far] : []));
    expect(bestSoFar).toEqual(values.map((v, i) => values.slice(0, i).every((w) => v < w)));
    expect(ends.every((r) => !("kept" in r))).toBe(true);
    expect(result.bestRestart).toBe(bestIndex + 1);
    expect(new Set(values).size).toBe(3); // different seeds, different results
  });

  it("stops on a NaN/Inf loss with status diverged, naming the epoch, and keeps the last good epoch's weights", async () => {
    const config = tinyConfig({ optimizer: { type: "sgd", learning_rate: 1e6 } }, { epochs: 50 });
    const { events, result } = await runFit({ config });
    expect(result.status).toBe("diverged");
    const ok = epochEnds(events).length;
    expect(result.diverged!.epoch).toBe(ok + 1);
    expect(result.checkpoint.epoch).toBe(ok);
    for (const l of result.model.toJSON()) if (l.weights) expect(JSON.stringify(l.weights)).not.toMatch(/null|NaN/);
  });

  it.each([1, 2])("resumes from an interrupted run's checkpoint (every %i epochs) to byte-identical final weights and history", async (every) => {
    const config = tinyConfig({ model: { layers: [
      { type: "dense", units: 8, activation: "relu" }, { type: "dropout", rate: 0.3 }, { type: "dense", units: 2, activation: "softmax" },
    ] } }, { epochs: 5, restarts: 2, early_stopping: { monitor: "val_loss", patience: 10 }, checkpoint: { every } });
    const full = await runFit({ config });
    let batches = 0;
    // stop in the middle of restart 2, epoch 4 (5 batches per epoch): the last checkpoint is epoch 3 (every 1) or 2 (every 2)
    const cut = await runFit({ config, stopRequested: () => ++batches === 5 * 5 + 5 * 3 + 3 });
    expect(cut.result.status).toBe("interrupted");
    expect(cut.result.checkpoint).toMatchObject({ restart: 1, epoch: every === 1 ? 3 : 2 });
    const ckpt = JSON.parse(JSON.stringify(cut.result.checkpoint));
    const resumed = await runFit({ config, resume: ckpt });
    expect(resumed.result.status).toBe("completed");
    expect(JSON.stringify(resumed.result.model.toJSON())).toBe(JSON.stringify(full.result.model.toJSON()));
    expect(resumed.result.history).toEqual(full.result.history);
    expect(resumed.result.restarts).toEqual(full.result.restarts);
  });

  it("reduce_on_plateau lowers the lr of the next epochs when the monitored value stops improving", async () => {
    // min_delta 10: no epoch after the first counts as an improvement; patience 1, factor 0.5 -> the lr
    // halves after every epoch from the second on: 0.05, 0.05, 0.025, 0.0125, 0.00625.
    const config = tinyConfig(
      { schedule: { type: "reduce_on_plateau", monitor: "val_loss", factor: 0.5, patience: 1, min_delta: 10 } },
      { epochs: 5 },
    );
    const { events } = await runFit({ config });
    expect(epochEnds(events).map((e) => e.logs.lr)).toEqual([0.05, 0.05, 0.025, 0.0125, 0.00625]);
  });

  it("refuses a checkpoint written with another config (checkpoint.invalid)", async () => {
    const { result } = await runFit({ config: tinyConfig() });
    const other = tinyConfig({ seed: 9 });
    const gen = fit({ config: other, task: "multiclass", loss: "categorical_crossentropy", metrics: ["accuracy"], train: blobs(40, 1), validation: null, kernels: fileKernels(), resume: result.checkpoint });
    await expect(gen.next()).rejects.toMatchObject({ code: "checkpoint.invalid" });
  });
});
