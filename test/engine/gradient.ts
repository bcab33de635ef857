// Gradient check helpers shared by gradient_check.test.ts and registry.test.ts: a model's analytic
// gradient against central differences, h = 1e-3 (the exact float32 step is the divisor), inputs of
// order 1; relative error ‖analytic - numeric‖ / (‖analytic‖ + ‖numeric‖) over every parameter.
// Dropout is checked with a fixed mask (the Rng state is restored before each evaluation).
import {
  buildModel,
  JsKernels,
  Rng,
  type ActivationName,
  type LayerOptions,
  type LossName,
  type Sequential,
} from "../../src/engine/index.js";

export const k = new JsKernels();
export const H = 1e-3;
export const TOL = 1e-2;

export function data(rows: number, nIn: number, nOut: number, loss: LossName, seed: number) {
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
export function gradError(model: Sequential, x: Float32Array, t: Float32Array, rows: number): number {
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

export function check(layers: LayerOptions[], loss: LossName, nOut = 3, seed = 7, inputShape: number[] = [4]): number {
  const rows = 6;
  const nIn = inputShape.reduce((a, b) => a * b, 1);
  const model = buildModel(layers, {
    nIn,
    inputShape,
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

export const dense = (units: number | undefined, activation: ActivationName, l2 = 0): LayerOptions => ({
  type: "dense",
  units,
  activation,
  init: "glorot_uniform",
  l2,
});

