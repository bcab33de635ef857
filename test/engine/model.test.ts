// Sequential: the lecture's worked example, units resolution, (de)serialisation, warm start,
// determinism, optimizer state for checkpoints, predict/evaluateLoss consistency.
import { describe, expect, it } from "vitest";
import { MltrainError } from "../../src/errors.js";
import {
  buildModel,
  createLoss,
  JsKernels,
  Rng,
  Sequential,
  type LayerOptions,
  type ModelOptions,
} from "../../src/engine/index.js";
import { lossSum } from "../../src/engine/losses/index.js";

const k = new JsKernels();
const layers: LayerOptions[] = [
  { type: "dense", units: 6, activation: "relu", init: "he_normal", l2: 0.01 },
  { type: "dropout", rate: 0.25 },
  { type: "dense", activation: "softmax", init: "glorot_uniform", l2: 0 },
];
const opts = (seed = 1, maxBatch = 4): ModelOptions => ({
  nIn: 3,
  nOut: 2,
  maxBatch,
  kernels: k,
  rng: new Rng(seed),
  loss: "categorical_crossentropy",
  optimizer: { type: "adam", learning_rate: 0.01, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, weight_decay: 0 },
});
const rng = new Rng(99);
const X = Float32Array.from({ length: 10 * 3 }, () => rng.normal());
const T = new Float32Array(10 * 2);
for (let r = 0; r < 10; r++) T[r * 2 + rng.int(2)] = 1;

function train(model: Sequential, epochs: number): number[] {
  const out: number[] = [];
  for (let e = 0; e < epochs; e++) {
    for (let r = 0; r < 10; r += 4) {
      const b = Math.min(4, 10 - r);
      out.push(model.trainStep(X.subarray(r * 3), T.subarray(r * 2), b, 0.01));
    }
  }
  return out;
}

describe("the lecture's worked example", () => {
  it("cross-entropy of [0.775, 0.116, 0.039, 0.070] against [1,0,0,0] is 0.2549 nats = 0.3677 bits (±5e-5)", () => {
    const y = Float32Array.from([0.775, 0.116, 0.039, 0.07]);
    const t = Float32Array.from([1, 0, 0, 0]);
    const nats = lossSum(k, createLoss("categorical_crossentropy"), false, 1, 4, y, y, t, null);
    expect(Math.abs(nats - 0.2549)).toBeLessThan(5e-5); // -ln 0.775 = 0.25489
    expect(Math.abs(nats / Math.LN2 - 0.3677)).toBeLessThan(5e-5); // -log2 0.775 = 0.36773
  });
});

describe("Sequential", () => {
  it("fills the last dense layer's units from the data and counts parameters as Keras", () => {
    const m = buildModel(layers, opts());
    expect(m.summary()).toEqual([
      { name: "dense", type: "dense", outputShape: [null, 6], params: 3 * 6 + 6, nonTrainable: 0 },
      { name: "dropout", type: "dropout", outputShape: [null, 6], params: 0, nonTrainable: 0 },
      { name: "dense_1", type: "dense", outputShape: [null, 2], params: 6 * 2 + 2, nonTrainable: 0 },
    ]);
  });
  it("rejects an explicit last units that disagrees with the data, naming the key", () => {
    const bad: LayerOptions[] = [{ ...layers[0] }, { type: "dense", units: 3, activation: "softmax", init: "zeros", l2: 0 }];
    let err: unknown;
    try {
      buildModel(bad, opts());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MltrainError);
    expect((err as MltrainError).code).toBe("config.invalid");
    expect((err as MltrainError).where?.path).toBe("model.layers.1.units");
    expect((err as MltrainError).message).toMatchInlineSnapshot(
      `"the last dense layer has units: 3 but the data has 2 outputs; set units: 2 or omit it"`,
    );
  });
  it("a train step is deterministic for a seed (exact losses and weights)", () => {
    const a = buildModel(layers, opts(5));
    const b = buildModel(layers, opts(5));
    expect(train(a, 3)).toEqual(train(b, 3));
    expect(a.toJSON()).toEqual(b.toJSON());
    const c = buildModel(layers, opts(6));
    expect(train(c, 1)).not.toEqual(train(buildModel(layers, opts(5)), 1));
  });
  it("toJSON/fromJSON round-trips architecture and float32 weights exactly (through JSON text)", () => {
    const m = buildModel(layers, opts(2));
    train(m, 2);
    const saved = JSON.parse(JSON.stringify(m.toJSON()));
    expect(saved[0]).toMatchObject({ type: "dense", units: 6, activation: "relu", init: "he_normal", l2: 0.01 });
    expect(saved[1]).toEqual({ type: "dropout", rate: 0.25 });
    expect(saved[0].weights.kernel).toHaveLength(3);
    expect(saved[0].weights.kernel[0]).toHaveLength(6);
    const back = Sequential.fromJSON(saved, { nIn: 3, maxBatch: 10, kernels: k });
    expect(back.toJSON()).toEqual(m.toJSON());
    expect(Array.from(back.predict(X, 10))).toEqual(Array.from(m.predict(X, 10)));
  });
  it("fromJSON reports a malformed layer as model.bad_format", () => {
    expect(() => Sequential.fromJSON([{ type: "conv9d" }], { nIn: 3, maxBatch: 4, kernels: k })).toThrow(
      /layers\[0\] has unknown type "conv9d"/,
    );
  });
  it("warm start copies weights; another architecture is a config.invalid error naming the layer", () => {
    const src = buildModel(layers, opts(3));
    train(src, 1);
    const dst = buildModel(layers, opts(4));
    dst.loadWeights(src.toJSON());
    expect(dst.toJSON()).toEqual(src.toJSON());
    const other = buildModel([{ ...layers[0], units: 7 } as LayerOptions, layers[1], layers[2]], opts(4));
    expect(() => other.loadWeights(src.toJSON())).toThrowErrorMatchingInlineSnapshot(
      `[MltrainError: init_from: layer 1 (dense): kernel has shape [3, 6], expected [3, 7]]`,
    );
  });
  it("optimizer state round-trips through JSON: resumed training equals uninterrupted (exact)", () => {
    const a = buildModel(layers, opts(8));
    train(a, 2);
    const b = buildModel(layers, opts(0));
    b.loadWeights(JSON.parse(JSON.stringify(a.toJSON())));
    b.optimizer!.setState(JSON.parse(JSON.stringify(a.optimizer!.getState())));
    b.rng.setState(a.rng.getState());
    expect(train(b, 2)).toEqual(train(a, 2));
    expect(b.toJSON()).toEqual(a.toJSON());
  });
  it("predict in chunks of maxBatch equals one forward; evaluateLoss = mean CE + l2 penalty (1e-6)", () => {
    const m = buildModel(layers, opts(2, 4));
    const chunked = m.predict(X, 10);
    const whole = buildModel(layers, opts(2, 10)).forward(X, 10, false);
    expect(Array.from(chunked)).toEqual(Array.from(whole.subarray(0, 20)));
    let ce = 0;
    for (let r = 0; r < 10; r++) for (let c = 0; c < 2; c++) if (T[r * 2 + c]) ce -= Math.log(chunked[r * 2 + c]);
    let l2 = 0;
    for (const w of m.params[0].w) l2 += w * w;
    expect(Math.abs(m.evaluateLoss(X, T, 10) - (ce / 10 + 0.01 * l2))).toBeLessThan(1e-6);
  });
  it("evaluateLoss(x, t, rows, out) returns the same loss and writes predict's outputs, bit for bit", () => {
    const m = buildModel(layers, opts(2, 4));
    const out = new Float32Array(20);
    expect(m.evaluateLoss(X, T, 10, out)).toBe(m.evaluateLoss(X, T, 10));
    expect(Array.from(out)).toEqual(Array.from(m.predict(X, 10)));
  });
  it("a train step's softmax (computed inside the fused CE, not by the forward pass) equals forward's, bit for bit", () => {
    const a = buildModel(layers.filter((l) => l.type !== "dropout"), opts(2, 10));
    const ref = Array.from(a.forward(X, 10, true));
    const last = a.layers[a.layers.length - 1] as unknown as { y: Float32Array };
    last.y.fill(NaN); // the step must write every probability itself
    a.trainStep(X, T, 10, 0.01);
    expect(Array.from(last.y.subarray(0, 20))).toEqual(ref);
  });
  it("gradient norms are reported per layer (0 for dropout) and clip_norm bounds the global norm", () => {
    const m = buildModel(layers, { ...opts(2), clipNorm: 1e-3 });
    m.trainStep(X, T, 4, 0.01);
    expect(m.gradNorms[0]).toBeGreaterThan(0);
    expect(m.gradNorms[1]).toBe(0);
    expect(m.gradNorm).toBeGreaterThan(1e-3); // so clipping did act
    expect(m.gradNorm).toBeCloseTo(Math.hypot(m.gradNorms[0], m.gradNorms[2]), 12);
    let s = 0;
    for (const p of m.params) for (const g of p.g) s += g * g;
    expect(Math.sqrt(s)).toBeLessThanOrEqual(1e-3 * (1 + 1e-5));
  });
  it("without clip_norm the norms come from the optimizer's step (Adam) or a sum of squares (SGD): Σ g² of each layer", () => {
    for (const optimizer of [opts().optimizer!, { type: "sgd" as const, learning_rate: 0.01, momentum: 0.9, nesterov: false }]) {
      const m = buildModel(layers, { ...opts(2), optimizer });
      m.trainStep(X, T, 4, 0.01);
      const byLayer = m.layers.map((l) => Math.sqrt(l.params.reduce((s, p) => s + p.g.reduce((q, g) => q + g * g, 0), 0)));
      expect(m.gradNorms[0]).toBeGreaterThan(0);
      for (let i = 0; i < byLayer.length; i++) expect(m.gradNorms[i]).toBeCloseTo(byLayer[i], 12);
      expect(m.gradNorm).toBeCloseTo(Math.hypot(...byLayer), 12);
    }
  });
});
