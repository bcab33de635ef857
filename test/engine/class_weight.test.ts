// Class weights (losses/class_weight.ts) against test/fixtures/generate/torch_class_weight.py: Keras's
// definition, each row's loss times its class's weight, summed and divided by the batch size.
// Tolerances: float32 kernels against float64 references, 1e-5 relative; the dense step's gradients
// (float32 on both sides) 1e-5 relative to the largest magnitude.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildModel, JsKernels, Rng, WasmKernels, type Kernels, type LossName } from "../../src/engine/index.js";
import { rowWeights } from "../../src/engine/losses/class_weight.js";
import { lossDivisor, lossSum, losses } from "../../src/engine/losses/index.js";
import { dense, gradError } from "./gradient.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/engine/torch_class_weight.json", import.meta.url), "utf8"));
const js = new JsKernels();
const wasm = new WasmKernels({ threads: 1 });
const flat = (m: number[][]) => Float32Array.from(m.flat());

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, floor = 1e-3): void {
  expect(a.length).toBe(b.length);
  let scale = floor;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  expect(worst / scale).toBeLessThanOrEqual(tol);
}

interface Case {
  y: number[][];
  t: number[][];
  class_weight: number[];
  loss: number;
  grad: number[][];
}

/** The weighted mean loss and its gradient for a fixture case, on kernels k (w null: unweighted). */
function weighted(k: Kernels, name: string, ref: Case, weights: readonly number[] | null) {
  const rows = ref.y.length;
  const cols = ref.y[0].length;
  const fused = name.startsWith("softmax_") || name.startsWith("sigmoid_");
  const loss = losses[(fused ? name.replace(/^(softmax|sigmoid)_/, "") : name) as LossName];
  const input = k.alloc(rows * cols);
  input.set(flat(ref.y));
  const t = k.alloc(rows * cols);
  t.set(flat(ref.t));
  let p = input;
  if (fused) {
    p = k.alloc(rows * cols);
    k.activation(loss.fusedWith!, rows, cols, input, p);
  }
  let w: Float32Array | null = null;
  if (weights) {
    w = new Float32Array(rows);
    rowWeights(rows, cols, t, Float32Array.from(weights), w);
  }
  const grad = k.alloc(rows * cols);
  const sum = lossSum(k, loss, fused, rows, cols, input, p, t, grad, false, w);
  return { loss: sum / lossDivisor(loss, rows, cols), grad: Float32Array.from(grad) };
}

describe(`weighted losses match torch ${fx.versions.torch} with Keras's normalisation (value and gradient, 1e-5 relative)`, () => {
  for (const [name, ref] of Object.entries<Case>(fx.losses)) {
    it(name, () => {
      const got = weighted(js, name, ref, ref.class_weight);
      expect(Math.abs(got.loss - ref.loss)).toBeLessThanOrEqual(1e-5 * ref.loss);
      expectClose(got.grad, ref.grad.flat(), 1e-5);
    });
  }

  it("the multiclass loss is the weighted sum over the batch size (Keras), not over the sum of weights (torch's reduction='mean')", () => {
    const ref = fx.losses.softmax_categorical_crossentropy;
    const got = weighted(js, "softmax_categorical_crossentropy", ref, ref.class_weight).loss;
    expect(Math.abs(got - ref.torch_reduction_sum_over_batch)).toBeLessThanOrEqual(1e-5 * got);
    // rows' weights 0.5, 1.25, 0.5, 2, 1.25, 2 sum to 7.5 over 6 rows: the two definitions differ by 7.5/6
    expect(got / ref.torch_reduction_mean).toBeCloseTo(7.5 / 6, 5);
  });

  it("the WebAssembly backend gives the JS backend's weighted values bit for bit", async () => {
    expect(await wasm.ready()).toBe(true);
    for (const [name, ref] of Object.entries<Case>(fx.losses)) {
      const a = weighted(js, name, ref, ref.class_weight);
      const b = weighted(wasm, name, ref, ref.class_weight);
      expect(b.loss, name).toBe(a.loss);
      expect(Array.from(b.grad), name).toEqual(Array.from(a.grad));
    }
  });

  it("weights of 1 give the unweighted loss and gradient bit for bit", () => {
    for (const [name, ref] of Object.entries<Case>(fx.losses)) {
      const a = weighted(js, name, ref, null);
      const b = weighted(js, name, ref, ref.class_weight.map(() => 1));
      expect(b.loss, name).toBe(a.loss);
      expect(Array.from(b.grad), name).toEqual(Array.from(a.grad));
    }
  });
});

describe("rowWeights: each row's class from its target, as Keras's class_weight_to_sample_weights", () => {
  it("one-hot rows take their argmax's weight; a single 0/1 column the rounded value's", () => {
    const w = new Float32Array(3);
    rowWeights(3, 3, Float32Array.from([0, 1, 0, 0, 0, 1, 1, 0, 0]), Float32Array.from([0.5, 2, 4]), w);
    expect(Array.from(w)).toEqual([2, 4, 0.5]);
    rowWeights(3, 1, Float32Array.from([1, 0, 1]), Float32Array.from([0.25, 3]), w);
    expect(Array.from(w)).toEqual([3, 0.25, 3]);
  });
});

describe("a class-weighted training step", () => {
  it("a dense softmax layer's dW and db match torch's for the weighted loss (1e-5)", () => {
    const d = fx.dense_step;
    const rows = d.x.length;
    const model = buildModel([dense(3, "softmax")], {
      nIn: 4, nOut: 3, maxBatch: rows, kernels: js, rng: new Rng(1), loss: "categorical_crossentropy",
      optimizer: { type: "sgd", learning_rate: 0.01, momentum: 0, nesterov: false }, classWeight: d.class_weight,
    });
    model.params[0].w.set(flat(d.W));
    model.params[1].w.set(Float32Array.from(d.b));
    const value = model.trainStep(flat(d.x), flat(d.t), rows, 0);
    expect(Math.abs(value - d.loss)).toBeLessThanOrEqual(1e-5 * d.loss);
    expectClose(model.params[0].g, d.dW.flat(), 1e-5);
    expectClose(model.params[1].g, d.db, 1e-5);
  });

  it.each([
    ["categorical_crossentropy", "softmax", 3, [0.5, 2, 1.25]],
    ["binary_crossentropy", "sigmoid", 1, [0.75, 3]],
  ] as const)("%s: the weighted loss's gradient agrees with central differences through two layers (rel. error < 1e-2)", (loss, act, nOut, cw) => {
    const rows = 6;
    const model = buildModel([dense(5, "tanh"), dense(nOut, act)], {
      nIn: 4, nOut, maxBatch: rows, kernels: js, rng: new Rng(3), loss,
      optimizer: { type: "sgd", learning_rate: 0.01, momentum: 0, nesterov: false }, classWeight: [...cw],
    });
    const rng = new Rng(11);
    const x = Float32Array.from({ length: rows * 4 }, () => rng.normal());
    const t = new Float32Array(rows * nOut);
    for (let r = 0; r < rows; r++) {
      if (nOut === 1) t[r] = r % 2;
      else t[r * nOut + (r % nOut)] = 1;
    }
    expect(gradError(model, x, t, rows)).toBeLessThan(1e-2);
  });

  it("the weighted step differs from the unweighted one (the weights reach the gradient)", () => {
    const make = (classWeight: number[] | null) =>
      buildModel([dense(3, "softmax")], {
        nIn: 4, nOut: 3, maxBatch: 6, kernels: js, rng: new Rng(1), loss: "categorical_crossentropy",
        optimizer: { type: "sgd", learning_rate: 0.01, momentum: 0, nesterov: false }, classWeight,
      });
    const d = fx.dense_step;
    const a = make(null);
    const b = make(d.class_weight);
    a.trainStep(flat(d.x), flat(d.t), 6, 0);
    b.trainStep(flat(d.x), flat(d.t), 6, 0);
    expect(Array.from(b.params[0].g)).not.toEqual(Array.from(a.params[0].g));
  });
});
