// batch_norm's moving statistics are the model's non-trainable state: never stepped by the optimizer
// or penalised by l2, saved in model.json/checkpoint `weights` with the parameters, restored by the
// same loadWeights, and a resumed run continues exactly (float32 values compared for equality).
import { describe, expect, it } from "vitest";
import { buildModel, JsKernels, Rng, Sequential, type LayerOptions, type ModelOptions } from "../../src/engine/index.js";
import { layers as registry } from "../../src/engine/layers/index.js";

const k = new JsKernels();
const parse = (o: Record<string, unknown>) => registry[o.type as keyof typeof registry].options.parse(o) as LayerOptions;
const layers: LayerOptions[] = [
  parse({ type: "reshape", target_shape: [3, 3, 1] }),
  parse({ type: "conv2d", filters: 2, kernel_size: 2, activation: "relu", l2: 0.01 }),
  parse({ type: "batch_norm", momentum: 0.9 }),
  parse({ type: "flatten" }),
  parse({ type: "dense", activation: "softmax" }),
];
const opts = (seed: number): ModelOptions => ({
  nIn: 9, nOut: 2, maxBatch: 4, kernels: k, rng: new Rng(seed), loss: "categorical_crossentropy",
  optimizer: { type: "adam", learning_rate: 0.01, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, weight_decay: 0.1 },
});
const rng = new Rng(5);
const X = Float32Array.from({ length: 8 * 9 }, () => rng.normal());
const T = new Float32Array(8 * 2);
for (let r = 0; r < 8; r++) T[r * 2 + rng.int(2)] = 1;
const train = (m: Sequential, steps: number) => {
  const out: number[] = [];
  for (let s = 0; s < steps; s++) out.push(m.trainStep(X.subarray((s % 2) * 36), T.subarray((s % 2) * 8), 4, 0.01));
  return out;
};

describe("non-trainable state (batch_norm moving statistics)", () => {
  it("is a third kind: in model.state, not in model.params (so never in the optimizer's slots or the grad norms)", () => {
    const m = buildModel(layers, opts(1));
    expect(m.state.map((s) => s.name)).toEqual(["moving_mean", "moving_variance"]);
    expect(m.params.map((p) => p.name)).toEqual(["kernel", "bias", "gamma", "beta", "kernel", "bias"]);
    const bn = m.summary()[2];
    expect(bn).toEqual({ name: "batch_norm", type: "batch_norm", outputShape: [null, 2, 2, 2], params: 8, nonTrainable: 4 });
  });
  it("moves only by the forward pass: AdamW with weight decay leaves it as momentum·old + (1-momentum)·batch statistic", () => {
    const m = buildModel(layers, opts(1));
    const moving = m.state.map((s) => Float64Array.from(s.w));
    // the batch statistics of one training forward, read back from a twin that starts equal
    train(m, 1);
    const twin = buildModel(layers, { ...opts(1), optimizer: undefined });
    twin.forward(X, 4, true);
    expect(m.state.map((s) => Array.from(s.w))).toEqual(twin.state.map((s) => Array.from(s.w)));
    expect(Array.from(m.state[1].w)).not.toEqual(Array.from(moving[1]));
    // evaluation leaves it alone
    const before = m.state.map((s) => Array.from(s.w));
    m.predict(X, 8);
    m.evaluateLoss(X, T, 8);
    expect(m.state.map((s) => Array.from(s.w))).toEqual(before);
  });
  it("is saved with the weights and restored by fromJSON: evaluation outputs equal exactly", () => {
    const m = buildModel(layers, opts(2));
    train(m, 5);
    const saved = JSON.parse(JSON.stringify(m.toJSON()));
    expect(Object.keys(saved[2].weights)).toEqual(["gamma", "beta", "moving_mean", "moving_variance"]);
    expect(saved[1].weights.kernel).toHaveLength(2); // [kh][kw][cin][filters]
    expect(saved[1].weights.kernel[0][0][0]).toHaveLength(2);
    const back = Sequential.fromJSON(saved, { nIn: 9, maxBatch: 8, kernels: k });
    expect(Array.from(back.predict(X, 8))).toEqual(Array.from(m.predict(X, 8)));
    expect(back.toJSON()).toEqual(m.toJSON());
  });
  it("resumes exactly: weights + state + optimizer slots through JSON continue as the uninterrupted run", () => {
    const a = buildModel(layers, opts(3));
    train(a, 4);
    const layersJson = JSON.parse(JSON.stringify(a.toJSON()));
    const optState = JSON.parse(JSON.stringify(a.optimizer!.getState()));
    const b = buildModel(layers, opts(99));
    b.loadWeights(layersJson, "checkpoint.invalid", "checkpoint");
    b.optimizer!.setState(optState);
    expect(train(b, 3)).toEqual(train(a, 3));
    expect(b.toJSON()).toEqual(a.toJSON());
  });
  it("a moving_variance of the wrong length names the layer, expected and found", () => {
    const m = buildModel(layers, opts(4));
    const saved = JSON.parse(JSON.stringify(m.toJSON()));
    saved[2].weights.moving_variance = [1, 1, 1];
    expect(() => Sequential.fromJSON(saved, { nIn: 9, maxBatch: 8, kernels: k })).toThrowErrorMatchingInlineSnapshot(`[MltrainError: model.json: layer 3 (batch_norm): moving_variance has shape [3], expected [2]]`);
  });
});
