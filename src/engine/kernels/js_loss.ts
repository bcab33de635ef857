// JsKernels' loss loops: Kernels.loss (mse, mae, clipped crossentropies on probabilities) and the fused
// softmaxCrossEntropy / sigmoidBinaryCrossEntropy from logits (see kernels.ts for each formula). Each
// takes optional per-row weights w [rows] (class weights): row r's terms and gradient are multiplied by
// w[r]; without them the factor is 1, which leaves every value bit for bit as unweighted.
import { EPS_PROB, type LossKind } from "./kernels.js";

export function loss(
  kind: LossKind,
  rows: number,
  cols: number,
  y: Float32Array,
  t: Float32Array,
  dy: Float32Array | null,
  scale: number,
  w: Float32Array | null = null,
): number {
  if (w === null) return lossRows(kind, 0, rows * cols, y, t, dy, scale);
  let sum = 0;
  for (let r = 0; r < rows; r++) sum += w[r] * lossRows(kind, r * cols, (r + 1) * cols, y, t, dy, w[r] * scale);
  return sum;
}

// Kernels.loss over the floats [from, to): their sum, and dy = scale * ∂(sum)/∂y there.
function lossRows(kind: LossKind, from: number, to: number, y: Float32Array, t: Float32Array, dy: Float32Array | null, scale: number): number {
  const lo = EPS_PROB;
  const hi = 1 - EPS_PROB;
  let sum = 0;
  switch (kind) {
    case "mse":
      for (let i = from; i < to; i++) {
        const d = y[i] - t[i];
        sum += d * d;
        if (dy !== null) dy[i] = scale * 2 * d;
      }
      return sum;
    case "mae":
      for (let i = from; i < to; i++) {
        const d = y[i] - t[i];
        sum += Math.abs(d);
        if (dy !== null) dy[i] = d > 0 ? scale : d < 0 ? -scale : 0;
      }
      return sum;
    case "binary_crossentropy":
      for (let i = from; i < to; i++) {
        const v = y[i];
        const p = v < lo ? lo : v > hi ? hi : v;
        sum -= t[i] * Math.log(p) + (1 - t[i]) * Math.log(1 - p);
        if (dy !== null) dy[i] = v < lo || v > hi ? 0 : (scale * (p - t[i])) / (p * (1 - p));
      }
      return sum;
    case "categorical_crossentropy":
      for (let i = from; i < to; i++) {
        const v = y[i];
        const p = v < lo ? lo : v > hi ? hi : v;
        if (t[i] !== 0) sum -= t[i] * Math.log(p);
        if (dy !== null) dy[i] = v < lo || v > hi ? 0 : (-scale * t[i]) / p;
      }
      return sum;
  }
}

export function softmaxCrossEntropy(
  rows: number,
  cols: number,
  z: Float32Array,
  p: Float32Array,
  t: Float32Array,
  dz: Float32Array | null,
  scale: number,
  computeP = false,
  w: Float32Array | null = null,
): number {
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const wr = w === null ? 1 : w[r];
    let max = -Infinity;
    for (let c = 0; c < cols; c++) if (z[o + c] > max) max = z[o + c];
    let se = 0;
    if (computeP) {
      // exactly js.ts's softmax activation: p = float32(e), se = Σ e (float64), then p *= 1/se
      for (let c = 0; c < cols; c++) {
        const e = Math.exp(z[o + c] - max);
        p[o + c] = e;
        se += e;
      }
      const inv = 1 / se;
      for (let c = 0; c < cols; c++) p[o + c] *= inv;
    } else for (let c = 0; c < cols; c++) se += Math.exp(z[o + c] - max);
    const lse = max + Math.log(se);
    // unweighted: accumulated straight into sum (the row's partial sum would round differently)
    let row = 0;
    for (let c = 0; c < cols; c++) {
      const tc = t[o + c];
      if (tc !== 0) {
        if (w === null) sum += tc * (lse - z[o + c]);
        else row += tc * (lse - z[o + c]);
      }
    }
    if (w !== null) sum += wr * row;
    const s = wr * scale;
    if (dz !== null) for (let c = 0; c < cols; c++) dz[o + c] = s * (p[o + c] - t[o + c]);
  }
  return sum;
}

export function sigmoidBinaryCrossEntropy(n: number, z: Float32Array, p: Float32Array, t: Float32Array, dz: Float32Array | null, scale: number): number {
  return sigmoidBceRange(0, n, z, p, t, dz, scale);
}

export function weightedSigmoidBinaryCrossEntropy(
  rows: number,
  cols: number,
  z: Float32Array,
  p: Float32Array,
  t: Float32Array,
  dz: Float32Array | null,
  scale: number,
  w: Float32Array,
): number {
  let sum = 0;
  for (let r = 0; r < rows; r++) sum += w[r] * sigmoidBceRange(r * cols, (r + 1) * cols, z, p, t, dz, w[r] * scale);
  return sum;
}

function sigmoidBceRange(from: number, to: number, z: Float32Array, p: Float32Array, t: Float32Array, dz: Float32Array | null, scale: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    const v = z[i];
    sum += (v > 0 ? v : 0) - v * t[i] + Math.log1p(Math.exp(-Math.abs(v)));
    if (dz !== null) dz[i] = scale * (p[i] - t[i]);
  }
  return sum;
}
