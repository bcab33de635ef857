// conv2d, pooling, flatten and batch_norm against PyTorch: fixtures from
// test/fixtures/generate/torch_conv.py (torch version in the JSON; NCHW/OIHW converted to NHWC/HWIO
// there). Tolerance: float32 layers against float64 references, 1e-5 relative to the tensor's largest
// magnitude; the conv2d im2col path also against the plain direct-loop reference (1e-5).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildModel, JsKernels, Rng, sizeOf, type Layer, type LayerOptions } from "../../src/engine/index.js";
import { layers } from "../../src/engine/layers/index.js";
import { conv2dDirect } from "./conv_reference.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/engine/torch_conv.json", import.meta.url), "utf8"));
const k = new JsKernels();
const flat = (a: unknown): Float32Array => Float32Array.from((a as number[]).flat(4) as number[]);

/** max |a-b| <= tol * max(max|b|, floor) */
function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5, floor = 1e-3): void {
  expect(a.length).toBe(b.length);
  let scale = floor;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  expect(worst / scale).toBeLessThanOrEqual(tol);
}

/** A layer of `options` (parsed with its schema's defaults) for samples of `inputShape`, batch rows at most. */
function layerOf(options: Record<string, unknown>, inputShape: number[], batch: number, needDx = true): Layer {
  const entry = layers[options.type as keyof typeof layers];
  const parsed = entry.options.parse(options);
  const create = entry.create as (o: unknown, c: unknown) => Layer;
  return create(parsed, { kernels: k, inputShape, nIn: sizeOf(inputShape), maxBatch: batch, rng: new Rng(1), needDx, name: "layer" });
}

const dims = (a: unknown): number[] => (Array.isArray(a) ? [a.length, ...dims(a[0])] : []);

describe(`conv2d matches torch ${fx.versions.torch} conv2d (NHWC/HWIO, TensorFlow's same padding): y, dx, dW, db to 1e-5`, () => {
  for (const [name, c] of Object.entries<Record<string, any>>(fx.conv2d)) {
    it(name, () => {
      const [n, ...inputShape] = dims(c.x);
      const layer = layerOf(c.options, inputShape, n);
      layer.params[0].w.set(flat(c.kernel));
      if (c.bias) layer.params[1].w.set(flat(c.bias));
      expect(layer.params.length).toBe(c.bias ? 2 : 1);
      const y = layer.forward(flat(c.x), n, true);
      expect([n, ...layer.outputShape]).toEqual(dims(c.y));
      expectClose(y.subarray(0, n * layer.nOut), flat(c.y));
      const dx = layer.backward(flat(c.dy), n)!;
      expectClose(dx.subarray(0, n * layer.nIn), flat(c.dx));
      expectClose(layer.params[0].g, flat(c.dkernel));
      if (c.bias) expectClose(layer.params[1].g, flat(c.dbias));
    });
  }
  it("im2col + gemm equals the direct seven-loop convolution on every fixture case (1e-5)", () => {
    for (const c of Object.values<Record<string, any>>(fx.conv2d)) {
      const [n, ...inputShape] = dims(c.x);
      const layer = layerOf(c.options, inputShape, n);
      layer.params[0].w.set(flat(c.kernel));
      if (c.bias) layer.params[1].w.set(flat(c.bias));
      const y = layer.forward(flat(c.x), n, true);
      const ref = conv2dDirect(flat(c.x), n, inputShape, flat(c.kernel), c.bias ? flat(c.bias) : null, layer.outputShape, c.options);
      expectClose(y.subarray(0, n * layer.nOut), ref);
    }
  });
  it("as the first layer it computes no input gradient (the weight gradients still match)", () => {
    const c = fx.conv2d.same_s1_3x3_c3;
    const [n, ...inputShape] = dims(c.x);
    const layer = layerOf(c.options, inputShape, n, false);
    layer.params[0].w.set(flat(c.kernel));
    layer.params[1].w.set(flat(c.bias));
    layer.forward(flat(c.x), n, true);
    expect(layer.backward(flat(c.dy), n)).toBeNull();
    expectClose(layer.params[0].g, flat(c.dkernel));
  });
});

describe(`pooling matches torch ${fx.versions.torch} (same padding: max ignores pad cells, average divides by the cells inside): y, dx to 1e-5`, () => {
  for (const [name, c] of Object.entries<Record<string, any>>(fx.pool)) {
    it(name, () => {
      const [n, ...inputShape] = dims(c.x);
      const layer = layerOf(c.options, inputShape, n);
      const y = layer.forward(flat(c.x), n, true);
      expect([n, ...layer.outputShape]).toEqual(dims(c.y));
      expectClose(y.subarray(0, n * layer.nOut), flat(c.y));
      expectClose(layer.backward(flat(c.dy), n)!.subarray(0, n * layer.nIn), flat(c.dx));
    });
  }
  it("global_average_pool2d: the mean over h and w per channel, and its gradient", () => {
    const c = fx.global_average_pool2d;
    const [n, ...inputShape] = dims(c.x);
    const layer = layerOf({ type: "global_average_pool2d" }, inputShape, n);
    expect(layer.outputShape).toEqual([inputShape[2]]);
    expectClose(layer.forward(flat(c.x), n, true).subarray(0, n * layer.nOut), flat(c.y));
    expectClose(layer.backward(flat(c.dy), n)!.subarray(0, n * layer.nIn), flat(c.dx));
  });
});

describe("flatten order: conv → max pool → flatten → dense softmax + CE matches torch's NHWC-ordered model", () => {
  it("the loss and every gradient to 1e-5 (only Keras's (i·W + j)·C + c order makes the dense rows line up)", () => {
    const m = fx.flatten_model;
    const [n] = dims(m.x);
    const parsed = m.layers.map((l: Record<string, unknown>) => layers[l.type as keyof typeof layers].options.parse(l)) as LayerOptions[];
    const model = buildModel(parsed, {
      nIn: sizeOf(m.input_shape), inputShape: m.input_shape, nOut: 3, maxBatch: n, kernels: k, rng: new Rng(1),
      loss: "categorical_crossentropy", optimizer: { type: "sgd", learning_rate: 0, momentum: 0, nesterov: false },
    });
    m.weights.forEach((w: Record<string, unknown> | null, i: number) => {
      if (w) model.layers[i].params.forEach((p) => p.w.set(flat(w[p.name])));
    });
    const loss = model.trainStep(flat(m.x), flat(m.t), n, 0);
    expect(Math.abs(loss - m.loss) / m.loss).toBeLessThan(1e-5);
    m.grads.forEach((g: Record<string, unknown> | null, i: number) => {
      if (g) model.layers[i].params.forEach((p) => expectClose(p.g, flat(g[p.name])));
    });
  });
});

describe(`batch_norm matches torch ${fx.versions.torch} BatchNorm (momentum 0.99 = torch's 0.01, epsilon 1e-3)`, () => {
  for (const [name, c] of Object.entries<Record<string, any>>(fx.batch_norm)) {
    it(`${name}: each training step's y, dx, dgamma, dbeta; the moving statistics after ${c.train.length} steps; evaluation y (1e-5)`, () => {
      const n = dims(c.train[0].x)[0];
      const layer = layerOf(c.options, c.shape, n);
      const param = (name: string) => layer.params.find((p) => p.name === name);
      if (c.gamma) param("gamma")!.w.set(flat(c.gamma));
      if (c.beta) param("beta")!.w.set(flat(c.beta));
      expect(layer.params.map((p) => p.name)).toEqual([...(c.gamma ? ["gamma"] : []), ...(c.beta ? ["beta"] : [])]);
      for (const step of c.train) {
        expectClose(layer.forward(flat(step.x), n, true).subarray(0, n * layer.nOut), flat(step.y));
        expectClose(layer.backward(flat(step.dy), n)!.subarray(0, n * layer.nIn), flat(step.dx));
        if (c.gamma) expectClose(param("gamma")!.g, flat(step.dgamma));
        if (c.beta) expectClose(param("beta")!.g, flat(step.dbeta));
      }
      const state = Object.fromEntries(layer.state.map((s) => [s.name, s.w]));
      expectClose(state.moving_mean, flat(c.moving_mean));
      expectClose(state.moving_variance, flat(c.moving_variance));
      expectClose(layer.forward(flat(c.eval.x), n, false).subarray(0, n * layer.nOut), flat(c.eval.y));
    });
  }
});
