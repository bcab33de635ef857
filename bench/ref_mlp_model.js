// REF-MLP as the benches build it: 784 -> dense 128 relu (he_normal) -> dense 10 softmax, categorical
// cross-entropy, Adam lr 0.001 (eps 1e-7). One epoch of 60,000 rows is 24.5 GFLOP of matrix products
// (the first layer computes no input gradient).
import { buildModel, Rng } from "../dist/engine/index.js";

export const N_IN = 784;
export const N_HID = 128;
export const N_OUT = 10;
export const FLOP_PER_ROW = 2 * (2 * N_IN * N_HID + 3 * N_HID * N_OUT);

export function buildRefMlp(kernels, maxBatch) {
  return buildModel(
    [
      { type: "dense", units: N_HID, activation: "relu", init: "he_normal", l2: 0 },
      { type: "dense", units: N_OUT, activation: "softmax", init: "glorot_uniform", l2: 0 },
    ],
    {
      nIn: N_IN,
      nOut: N_OUT,
      maxBatch,
      kernels,
      rng: new Rng(1),
      loss: "categorical_crossentropy",
      optimizer: { type: "adam", learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, weight_decay: 0 },
    },
  );
}
