// REF-MLP as the benches build it: 784 -> dense 128 relu (he_normal) -> dense 10 softmax, categorical
// cross-entropy, Adam lr 0.001 (eps 1e-7). One epoch of 60,000 rows is 24.5 GFLOP of matrix products
// (the first layer computes no input gradient). And its data: Fashion-MNIST as data Tables.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { buildModel, Rng } from "../dist/engine/index.js";

export const N_IN = 784;
export const N_HID = 128;
export const N_OUT = 10;
export const FLOP_PER_ROW = 2 * (2 * N_IN * N_HID + 3 * N_HID * N_OUT);

/** engine: the module with buildModel and Rng (default: this repository's dist/engine/index.js). */
export function buildRefMlp(kernels, maxBatch, engine = { buildModel, Rng }) {
  return engine.buildModel(
    [
      { type: "dense", units: N_HID, activation: "relu", init: "he_normal", l2: 0 },
      { type: "dense", units: N_OUT, activation: "softmax", init: "glorot_uniform", l2: 0 },
    ],
    {
      nIn: N_IN,
      nOut: N_OUT,
      maxBatch,
      kernels,
      rng: new engine.Rng(1),
      loss: "categorical_crossentropy",
      optimizer: { type: "adam", learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, weight_decay: 0 },
    },
  );
}

/** Fashion-MNIST's folder: $MLTRAIN_DATA/fashion-mnist/, else Debian's; null when neither has it. */
export function dataDir() {
  for (const d of [process.env.MLTRAIN_DATA && join(process.env.MLTRAIN_DATA, "fashion-mnist"), "/usr/share/datasets/fashion-mnist"]) {
    if (d && existsSync(join(d, "train-images-idx3-ubyte.gz"))) return d;
  }
  return null;
}

// IDX (gzipped): magic 0 0 type ndims, then ndims big-endian u32 sizes, then uint8 data.
function readIdx(file) {
  const buf = gunzipSync(readFileSync(file));
  const ndims = buf[3];
  const dims = [];
  for (let i = 0; i < ndims; i++) dims.push(buf.readUInt32BE(4 + 4 * i));
  return { dims, data: buf.subarray(4 + 4 * ndims) };
}

// Pixels / 255 into alloc(length) (the kernels' memory, as fit loads its training table), labels one-hot.
export function loadData(alloc) {
  const dir = dataDir();
  const take = (img, lab) => {
    const x = readIdx(join(dir, img)).data;
    const labels = readIdx(join(dir, lab)).data;
    const X = alloc(x.length);
    for (let i = 0; i < x.length; i++) X[i] = x[i] / 255;
    return table(X, labels);
  };
  if (dir) return { real: true, train: take("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"), test: take("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz") };
  const fake = (rows) => {
    const X = alloc(rows * N_IN);
    let s = 1;
    for (let i = 0; i < X.length; i++) X[i] = ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) / 2 ** 24;
    return table(X, Uint8Array.from({ length: rows }, (_, r) => r % N_OUT));
  };
  return { real: false, train: fake(60000), test: fake(10000) };
}

/** A data Table (src/data/table.ts) of features X and class labels. */
function table(X, labels) {
  const rows = labels.length;
  const y = new Float32Array(rows * N_OUT);
  for (let r = 0; r < rows; r++) y[r * N_OUT + labels[r]] = 1;
  return { x: X, y, labels, rows, nIn: N_IN, nOut: N_OUT, rowIds: new Int32Array(0) };
}
