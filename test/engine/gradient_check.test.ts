// Backpropagation against central finite differences: for every parameter w, (L(w+h) - L(w-h)) / 2h
// with h = 1e-3 (the exact float32 step is used as the divisor), inputs of order 1. Claim: the analytic
// gradient of the whole parameter vector matches, ‖analytic - numeric‖ / (‖analytic‖ + ‖numeric‖) < 1e-2.
// Dropout is checked with a fixed mask (the Rng state is restored before each evaluation).
import { describe, expect, it } from "vitest";
import { activationNames, buildModel, Rng, type ActivationName, type LayerOptions, type LossName } from "../../src/engine/index.js";
import { check, data, dense, gradError, k, TOL } from "./gradient.js";

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
