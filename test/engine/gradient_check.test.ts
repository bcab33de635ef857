// Backpropagation against central finite differences: for every parameter w, (L(w+h) - L(w-h)) / 2h
// with h = 1e-3 (the exact float32 step is used as the divisor), inputs of order 1. Claim: the analytic
// gradient of the whole parameter vector matches, ‖analytic - numeric‖ / (‖analytic‖ + ‖numeric‖) < 1e-2.
// Dropout is checked with a fixed mask (the Rng state is restored before each evaluation).
import { describe, expect, it } from "vitest";
import {
  activationNames,
  buildModel,
  JsKernels,
  Rng,
  type ActivationName,
  type LayerOptions,
  type LossName,
  type Sequential,
} from "../../src/engine/index.js";

const k = new JsKernels();
const H = 1e-3;
const TOL = 1e-2;

function data(rows: number, nIn: number, nOut: number, loss: LossName, seed: number) {
  const rng = new Rng(seed);
  const x = Float32Array.from({ length: rows * nIn }, () => rng.normal());
  const t = new Float32Array(rows * nOut);
  for (let r = 0; r < rows; r++) {
    if (loss === "categorical_crossentropy") t[r * nOut + rng.int(nOut)] = 1;
    else for (let c = 0; c < nOut; c++) t[r * nOut + c] = loss === "binary_crossentropy" ? rng.int(2) : rng.normal();
  }
  return { x, t };
}

/** Relative error between the analytic gradient and central differences over every parameter. */
function gradError(model: Sequential, x: Float32Array, t: Float32Array, rows: number): number {
  const rngState = model.rng.getState();
  const lossAt = (): number => {
    model.rng.setState(rngState);
    return model.trainStep(x, t, rows, 0); // lr 0: sgd leaves the weights unchanged
  };
  lossAt();
  const analytic = model.params.map((p) => Float64Array.from(p.g));
  let diff = 0;
  let norm = 0;
  model.params.forEach((p, pi) => {
    for (let i = 0; i < p.w.length; i++) {
      const w0 = p.w[i];
      p.w[i] = w0 + H;
      const up = p.w[i];
      const lUp = lossAt();
      p.w[i] = w0 - H;
      const down = p.w[i];
      const lDown = lossAt();
      p.w[i] = w0;
      const numeric = (lUp - lDown) / (up - down);
      diff += (analytic[pi][i] - numeric) ** 2;
      norm += analytic[pi][i] ** 2 + numeric ** 2;
    }
  });
  return Math.sqrt(diff) / Math.sqrt(norm);
}

function check(layers: LayerOptions[], loss: LossName, nOut = 3, seed = 7): number {
  const rows = 6;
  const nIn = 4;
  const model = buildModel(layers, {
    nIn,
    nOut,
    maxBatch: rows,
    kernels: k,
    rng: new Rng(seed),
    loss,
    optimizer: { type: "sgd", learning_rate: 0.01, momentum: 0, nesterov: false },
  });
  // small nonzero biases so that every path is exercised
  model.params.forEach((p) => {
    if (p.name === "bias") for (let i = 0; i < p.w.length; i++) p.w[i] = 0.05 * (i - 1);
  });
  const { x, t } = data(rows, nIn, nOut, loss, seed + 1);
  return gradError(model, x, t, rows);
}

const dense = (units: number | undefined, activation: ActivationName, l2 = 0): LayerOptions => ({
  type: "dense",
  units,
  activation,
  init: "glorot_uniform",
  l2,
});

describe("dense layers and every activation: backprop matches finite differences (rel. error < 1e-2)", () => {
  for (const act of activationNames) {
    it(`hidden ${act}`, () => {
      expect(check([dense(5, act), dense(undefined, "linear")], "mse")).toBeLessThan(TOL);
    });
  }
});

describe("every loss, with and without the fused final activation (rel. error < 1e-2)", () => {
  const cases: [ActivationName, LossName][] = [
    ["linear", "mse"],
    ["linear", "mae"],
    ["tanh", "mse"],
    ["softmax", "categorical_crossentropy"], // fused
    ["sigmoid", "binary_crossentropy"], // fused
    ["sigmoid", "categorical_crossentropy"], // clipped log on probabilities
    ["softmax", "binary_crossentropy"],
    ["softmax", "mse"],
  ];
  for (const [act, loss] of cases) {
    it(`${act} + ${loss}`, () => {
      expect(check([dense(5, "tanh"), dense(undefined, act)], loss)).toBeLessThan(TOL);
    });
  }
});

describe("regularization and dropout (rel. error < 1e-2)", () => {
  it("l2 penalties on both kernels", () => {
    expect(check([dense(5, "elu", 0.05), dense(undefined, "softmax", 0.1)], "categorical_crossentropy")).toBeLessThan(
      TOL,
    );
  });
  it("dropout between dense layers, fixed mask", () => {
    const layers: LayerOptions[] = [dense(6, "tanh"), { type: "dropout", rate: 0.4 }, dense(undefined, "softmax")];
    expect(check(layers, "categorical_crossentropy")).toBeLessThan(TOL);
  });
  it("dropout as the first layer (no input gradient needed)", () => {
    const layers: LayerOptions[] = [{ type: "dropout", rate: 0.3 }, dense(5, "relu"), dense(undefined, "sigmoid")];
    expect(check(layers, "binary_crossentropy", 2)).toBeLessThan(TOL);
  });
  it("a wrong gradient is caught: the check fails if one kernel gradient is perturbed", () => {
    const rows = 6;
    const model = buildModel([dense(5, "tanh"), dense(undefined, "linear")], {
      nIn: 4,
      nOut: 3,
      maxBatch: rows,
      kernels: k,
      rng: new Rng(3),
      loss: "mse",
      optimizer: { type: "sgd", learning_rate: 0.01, momentum: 0, nesterov: false },
    });
    const { x, t } = data(rows, 4, 3, "mse", 4);
    // wrap the layer's backward so that its kernel gradient is off by 10%
    const layer = model.layers[0];
    const original = layer.backward.bind(layer);
    layer.backward = (dy, batch) => {
      const r = original(dy, batch);
      const g = layer.params[0].g;
      for (let i = 0; i < g.length; i++) g[i] *= 1.1;
      return r;
    };
    expect(gradError(model, x, t, rows)).toBeGreaterThan(TOL);
  });
});
