// REF-CNN as the benches build it (../shared/bench/torch_ref_cnn.py's model, Keras's mnist_convnet):
// [28, 28, 1] -> conv2d 32 3x3 relu -> max_pool2d 2 -> conv2d 64 3x3 relu -> max_pool2d 2 -> flatten
// -> dropout 0.5 -> dense 10 softmax; categorical cross-entropy, Adam lr 0.001 (eps 1e-7).
// A training step per image is ~3 x 2.44 M multiply-adds less conv1's input gradient (never computed):
// FLOP_PER_IMAGE below counts the matrix products that run.
import { buildModel, layers, Rng } from "../dist/engine/index.js";

export const SHAPE = [28, 28, 1];
export const N_IN = 784;
export const N_OUT = 10;
// forward multiply-adds per image: conv1 26·26·9·32, conv2 11·11·288·64, dense 1600·10
const CONV1 = 26 * 26 * 9 * 32;
const CONV2 = 11 * 11 * 288 * 64;
const DENSE = 1600 * 10;
/** FLOP of one image's training step: forward + dW of every layer, dx of all but conv1 (2 FLOP per MAC). */
export const FLOP_PER_IMAGE = 2 * (2 * CONV1 + 3 * CONV2 + 3 * DENSE);

/** The layer configs, parsed as fit parses them (defaults applied). `extra` adds options per type. */
export function refCnnLayers() {
  const spec = [
    { type: "conv2d", filters: 32, kernel_size: 3, activation: "relu" },
    { type: "max_pool2d", pool_size: 2 },
    { type: "conv2d", filters: 64, kernel_size: 3, activation: "relu" },
    { type: "max_pool2d", pool_size: 2 },
    { type: "flatten" },
    { type: "dropout", rate: 0.5 },
    { type: "dense", units: N_OUT, activation: "softmax" },
  ];
  return spec.map((o) => layers[o.type].options.parse(o));
}

export function buildRefCnn(kernels, maxBatch) {
  return buildModel(refCnnLayers(), {
    nIn: N_IN,
    inputShape: SHAPE,
    nOut: N_OUT,
    maxBatch,
    kernels,
    rng: new Rng(1),
    loss: "categorical_crossentropy",
    optimizer: { type: "adam", learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, weight_decay: 0 },
  });
}
