// Shapes through the engine: N-D weights as nested JSON arrays, layers built from their input shape,
// the output layer found by capability, and non-trainable state saved and restored with the weights.
import { describe, expect, it } from "vitest";
import {
  buildModel,
  fromNested,
  JsKernels,
  nestedShape,
  outputLayerTypes,
  outputOptions,
  Rng,
  toNested,
  type Layer,
} from "../../src/engine/index.js";
import { layers, layerShape, type LayerJson } from "../../src/engine/layers/index.js";
import { loadLayerWeights, parseLayer } from "../../src/engine/model_json.js";

const k = new JsKernels();

describe("N-D tensors as nested JSON arrays", () => {
  it("toNested / nestedShape / fromNested round-trip a [2][3][1][2] tensor row-major", () => {
    const w = Float32Array.from({ length: 12 }, (_, i) => i / 4);
    const nested = toNested(w, [2, 3, 1, 2]);
    expect(nested[1]).toEqual([[[1.5, 1.75]], [[2, 2.25]], [[2.5, 2.75]]]); // w[6..11]
    expect(nestedShape(nested)).toEqual([2, 3, 1, 2]);
    const back = new Float32Array(12);
    expect(fromNested(nested, back)).toBe(12);
    expect(Array.from(back)).toEqual(Array.from(w));
  });
  it("nestedShape refuses ragged arrays, mixed depths and non-numbers", () => {
    expect(nestedShape([[1, 2], [3]])).toBeNull();
    expect(nestedShape([[1, 2], 3])).toBeNull();
    expect(nestedShape([[1, "2"]])).toBeNull();
    expect(nestedShape([1, 2, 3])).toEqual([3]);
  });
});

describe("layers are built from their input shape", () => {
  it("dropout keeps an image shape, dense reads it flat (2·3·1 = 6 inputs); summary rows carry full shapes", () => {
    const m = buildModel(
      [
        { type: "dropout", rate: 0.1 },
        { type: "dense", units: 4, activation: "relu", init: "glorot_uniform", l2: 0 },
        { type: "dense", activation: "softmax", init: "glorot_uniform", l2: 0 },
      ],
      { nIn: 6, inputShape: [2, 3, 1], nOut: 3, maxBatch: 2, kernels: k, rng: new Rng(1) },
    );
    expect(m.inputShape).toEqual([2, 3, 1]);
    expect(m.layers.map((l) => l.outputShape)).toEqual([[2, 3, 1], [4], [3]]);
    expect(m.summary().map((r) => r.outputShape)).toEqual([[null, 2, 3, 1], [null, 4], [null, 3]]);
    expect(m.layers[1].params[0].shape).toEqual([6, 4]);
  });
  it("an inputShape that does not hold nIn values is a programming error", () => {
    expect(() => buildModel([{ type: "dense", activation: "linear", init: "zeros", l2: 0 }], { nIn: 5, inputShape: [2, 2], nOut: 1, maxBatch: 1, kernels: k, rng: new Rng(1) })).toThrow(
      "inputShape [2, 2] does not hold nIn = 5 values",
    );
  });
});

describe("the output layer is found by capability", () => {
  it("dense has the output capability, dropout has not; the model's outputLayer is its last layer", () => {
    expect(outputLayerTypes).toEqual(["dense"]);
    expect(outputOptions({ type: "dense", units: 2, activation: "sigmoid", init: "zeros", l2: 0 })).toEqual({ activation: "sigmoid", units: 2 });
    expect(outputOptions({ type: "dropout", rate: 0.5 })).toBeNull();
    const m = buildModel([{ type: "dense", activation: "softmax", init: "zeros", l2: 0 }], { nIn: 2, nOut: 3, maxBatch: 1, kernels: k, rng: new Rng(1), loss: "categorical_crossentropy" });
    expect(m.outputLayer).toBe(m.layers[0]);
    expect(m.fused).toBe(true);
  });
});

describe("loadLayerWeights: params and non-trainable state by the same path, any rank", () => {
  // A hand-made layer with a 4-D kernel and a non-trainable vector (what conv2d and batch_norm have).
  const layer = (): Layer => ({
    type: "fake",
    name: "fake",
    inputShape: [1],
    outputShape: [1],
    nIn: 1,
    nOut: 1,
    params: [{ name: "kernel", shape: [2, 1, 1, 3], w: new Float32Array(6), g: new Float32Array(6) }],
    state: [{ name: "moving_mean", shape: [3], w: new Float32Array(3) }],
    forward: (x) => x,
    backward: () => null,
    toConfig: () => ({ type: "fake" }),
    toJSON: () => ({ type: "fake" }),
    penalty: () => 0,
  });
  const kernel = [[[[1, 2, 3]]], [[[4, 5, 6]]]];
  it("copies a 4-D kernel and the state vector", () => {
    const l = layer();
    loadLayerWeights([l], [{ type: "fake", weights: { kernel, moving_mean: [0.5, 0.25, 2] } }], "model.bad_format", "model.json");
    expect(Array.from(l.params[0].w)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(l.state[0].w)).toEqual([0.5, 0.25, 2]);
  });
  it("a wrong shape or a missing state tensor names the layer, expected and found; nothing is copied", () => {
    const l = layer();
    const load = (weights: Record<string, unknown>) => () => loadLayerWeights([l], [{ type: "fake", weights }], "model.bad_format", "model.json");
    expect(load({ kernel: [[[[1, 2]]], [[[4, 5]]]], moving_mean: [0, 0, 0] })).toThrowErrorMatchingInlineSnapshot(
      `[MltrainError: model.json: layer 1 (fake): kernel has shape [2, 1, 1, 2], expected [2, 1, 1, 3]]`,
    );
    expect(load({ kernel })).toThrowErrorMatchingInlineSnapshot(`[MltrainError: model.json: layer 1 (fake): moving_mean is missing, expected [3]]`);
    expect(load({ kernel, moving_mean: [[1], [2, 3]] })).toThrowErrorMatchingInlineSnapshot(
      `[MltrainError: model.json: layer 1 (fake): moving_mean is not an array of numbers of equal lengths, expected [3]]`,
    );
    expect(Array.from(l.params[0].w)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe("layers that read images refuse a flat input with one message", () => {
  it("conv2d, max_pool2d, avg_pool2d and global_average_pool2d name themselves and the reshape to add", () => {
    const types = ["conv2d", "max_pool2d", "avg_pool2d", "global_average_pool2d"] as const;
    const problems = types.map((type) => {
      const o = layers[type].options.parse(type === "conv2d" ? { type, filters: 2, kernel_size: 3 } : { type });
      return layerShape(o, [64]);
    });
    expect(problems).toMatchInlineSnapshot(`
      [
        {
          "field": "type",
          "message": "conv2d needs an image input [h, w, channels], got (None, 64); put a reshape (target_shape: [h, w, channels]) before it",
        },
        {
          "field": "type",
          "message": "max_pool2d needs an image input [h, w, channels], got (None, 64); put a reshape (target_shape: [h, w, channels]) before it",
        },
        {
          "field": "type",
          "message": "avg_pool2d needs an image input [h, w, channels], got (None, 64); put a reshape (target_shape: [h, w, channels]) before it",
        },
        {
          "field": "type",
          "message": "global_average_pool2d needs an image input [h, w, channels], got (None, 64); put a reshape (target_shape: [h, w, channels]) before it",
        },
      ]
    `);
  });
});

describe("a layer computes its input gradient only when a layer before it has params", () => {
  // What each layer's backward returned in one train step (null: no dx computed).
  function backwardResults(json: LayerJson[], inputShape: number[]): (string | null)[] {
    const layers = json.map((o, i) => parseLayer(o, i));
    const nIn = inputShape.reduce((a, b) => a * b, 1);
    const optimizer = { type: "sgd", learning_rate: 0.1, momentum: 0, nesterov: false } as const;
    const m = buildModel(layers, { nIn, inputShape, nOut: 2, maxBatch: 2, kernels: k, rng: new Rng(1), loss: "mse", optimizer });
    const seen: (string | null)[] = m.layers.map(() => "not called");
    m.layers.forEach((l, i) => {
      const backward = l.backward.bind(l);
      l.backward = (dy, batch) => {
        const dx = backward(dy, batch);
        seen[i] = dx === null ? null : "dx";
        return dx;
      };
    });
    const x = Float32Array.from({ length: 2 * nIn }, (_, i) => (i % 5) / 5);
    m.trainStep(x, Float32Array.of(1, 0, 0, 1), 2, 0.1);
    return seen;
  }
  const conv = { type: "conv2d", filters: 2, kernel_size: 2 } as const;
  const dense = { type: "dense", activation: "linear" } as const; // no fused loss: its backward runs

  it("reshape then conv2d: the conv layer skips dP and col2im (nothing before it learns)", () => {
    expect(backwardResults([{ type: "reshape", target_shape: [3, 3, 1] }, conv, { type: "flatten" }, dense], [9])).toEqual(["not called", null, "dx", "dx"]);
  });
  it("dropout then dense: the dense layer computes no dx", () => {
    expect(backwardResults([{ type: "dropout", rate: 0.5 }, dense], [4])).toEqual(["not called", null]);
  });
  it("after a layer with params, every layer passes its gradient back", () => {
    const layers = [{ type: "dense", units: 9, activation: "relu" }, { type: "reshape", target_shape: [3, 3, 1] }, conv, { type: "flatten" }, dense];
    expect(backwardResults(layers, [4])).toEqual([null, "dx", "dx", "dx", "dx"]);
  });
});
