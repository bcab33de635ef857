// The reference backend: every Kernels method in plain TypeScript. Correct first, then reasonably fast:
// i-k-j loop order for the matrix products (contiguous inner loops), no allocation, no closures, one
// `switch` per call (never per element). See kernels.ts for each method's shapes and formula. The matrix
// products are in js_gemm.ts, the loss loops in js_loss.ts, the image-window loops in js_window.ts,
// batch normalization's in js_batch_norm.ts.
import type { Rng } from "../random.js";
import { gemm } from "./js_gemm.js";
import { loss, sigmoidBinaryCrossEntropy, softmaxCrossEntropy, weightedSigmoidBinaryCrossEntropy } from "./js_loss.js";
import type { ActivationKind, Kernels, LossKind, Window } from "./kernels.js";
import { col2im, im2col, maxPool, maxPoolBackward } from "./js_window.js";
import { batchNormBackward, batchNormForward, batchNormStatistics, batchNormSums } from "./js_batch_norm.js";

const LEAKY_SLOPE = 0.2;
/** 2^32: a dropout mask element is kept when a uint32 draw is >= rate * 2^32. */
const U32 = 4294967296;

export class JsKernels implements Kernels {
  readonly name = "js";

  alloc(length: number): Float32Array {
    return new Float32Array(length);
  }

  /** Nothing to free: alloc's arrays are ordinary garbage. */
  dispose(): void {}

  [Symbol.dispose](): void {}

  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    A: Float32Array,
    B: Float32Array,
    beta: 0 | 1,
    C: Float32Array,
  ): void {
    gemm(transA, transB, m, n, k, A, B, beta, C);
  }

  addBias(rows: number, cols: number, b: Float32Array, y: Float32Array): void {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      for (let c = 0; c < cols; c++) y[o + c] += b[c];
    }
  }

  colSums(rows: number, cols: number, dy: Float32Array, beta: 0 | 1, db: Float32Array): void {
    if (beta === 0) db.fill(0, 0, cols);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      for (let c = 0; c < cols; c++) db[c] += dy[o + c];
    }
  }

  activation(kind: ActivationKind, rows: number, cols: number, z: Float32Array, y: Float32Array): void {
    const n = rows * cols;
    switch (kind) {
      case "linear":
        if (y !== z) y.set(z.subarray(0, n));
        return;
      case "relu":
        for (let i = 0; i < n; i++) y[i] = z[i] > 0 ? z[i] : 0;
        return;
      case "leaky_relu":
        for (let i = 0; i < n; i++) y[i] = z[i] > 0 ? z[i] : LEAKY_SLOPE * z[i];
        return;
      case "elu":
        for (let i = 0; i < n; i++) y[i] = z[i] > 0 ? z[i] : Math.expm1(z[i]);
        return;
      case "sigmoid":
        for (let i = 0; i < n; i++) {
          const v = z[i];
          if (v >= 0) y[i] = 1 / (1 + Math.exp(-v));
          else {
            const e = Math.exp(v);
            y[i] = e / (1 + e);
          }
        }
        return;
      case "tanh":
        for (let i = 0; i < n; i++) y[i] = Math.tanh(z[i]);
        return;
      case "softplus":
        // log(1 + e^z) = max(z, 0) + log1p(e^-|z|)
        for (let i = 0; i < n; i++) {
          const v = z[i];
          y[i] = (v > 0 ? v : 0) + Math.log1p(Math.exp(-Math.abs(v)));
        }
        return;
      case "softmax":
        for (let r = 0; r < rows; r++) {
          const o = r * cols;
          let max = -Infinity;
          for (let c = 0; c < cols; c++) if (z[o + c] > max) max = z[o + c];
          let sum = 0;
          for (let c = 0; c < cols; c++) {
            const e = Math.exp(z[o + c] - max);
            y[o + c] = e;
            sum += e;
          }
          const inv = 1 / sum;
          for (let c = 0; c < cols; c++) y[o + c] *= inv;
        }
        return;
    }
  }

  activationBackward(
    kind: ActivationKind,
    rows: number,
    cols: number,
    z: Float32Array,
    y: Float32Array,
    dy: Float32Array,
    dz: Float32Array,
  ): void {
    const n = rows * cols;
    switch (kind) {
      case "linear":
        if (dz !== dy) dz.set(dy.subarray(0, n));
        return;
      case "relu":
        for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? dy[i] : 0;
        return;
      case "leaky_relu":
        for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? dy[i] : LEAKY_SLOPE * dy[i];
        return;
      case "elu":
        // d/dz (e^z - 1) = e^z = y + 1
        for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? dy[i] : dy[i] * (y[i] + 1);
        return;
      case "sigmoid":
        for (let i = 0; i < n; i++) dz[i] = dy[i] * y[i] * (1 - y[i]);
        return;
      case "tanh":
        for (let i = 0; i < n; i++) dz[i] = dy[i] * (1 - y[i] * y[i]);
        return;
      case "softplus":
        // d/dz softplus = sigmoid(z)
        for (let i = 0; i < n; i++) {
          const v = z[i];
          const s = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
          dz[i] = dy[i] * s;
        }
        return;
      case "softmax":
        for (let r = 0; r < rows; r++) {
          const o = r * cols;
          let dot = 0;
          for (let c = 0; c < cols; c++) dot += dy[o + c] * y[o + c];
          for (let c = 0; c < cols; c++) dz[o + c] = y[o + c] * (dy[o + c] - dot);
        }
        return;
    }
  }

  loss(
    kind: LossKind,
    rows: number,
    cols: number,
    y: Float32Array,
    t: Float32Array,
    dy: Float32Array | null,
    scale: number,
  ): number {
    return loss(kind, rows, cols, y, t, dy, scale);
  }

  softmaxCrossEntropy(
    rows: number,
    cols: number,
    z: Float32Array,
    p: Float32Array,
    t: Float32Array,
    dz: Float32Array | null,
    scale: number,
    computeP = false,
  ): number {
    return softmaxCrossEntropy(rows, cols, z, p, t, dz, scale, computeP);
  }

  sigmoidBinaryCrossEntropy(
    n: number,
    z: Float32Array,
    p: Float32Array,
    t: Float32Array,
    dz: Float32Array | null,
    scale: number,
  ): number {
    return sigmoidBinaryCrossEntropy(n, z, p, t, dz, scale);
  }

  weightedLoss(kind: LossKind, rows: number, cols: number, y: Float32Array, t: Float32Array, dy: Float32Array | null, scale: number, w: Float32Array): number {
    return loss(kind, rows, cols, y, t, dy, scale, w);
  }

  weightedSoftmaxCrossEntropy(
    rows: number,
    cols: number,
    z: Float32Array,
    p: Float32Array,
    t: Float32Array,
    dz: Float32Array | null,
    scale: number,
    computeP: boolean,
    w: Float32Array,
  ): number {
    return softmaxCrossEntropy(rows, cols, z, p, t, dz, scale, computeP, w);
  }

  weightedSigmoidBinaryCrossEntropy(rows: number, cols: number, z: Float32Array, p: Float32Array, t: Float32Array, dz: Float32Array | null, scale: number, w: Float32Array): number {
    return weightedSigmoidBinaryCrossEntropy(rows, cols, z, p, t, dz, scale, w);
  }

  mul(n: number, a: Float32Array, b: Float32Array, out: Float32Array): void {
    for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
  }

  dropoutMask(n: number, rate: number, rng: Rng, mask: Float32Array): void {
    const keep = 1 / (1 - rate);
    const threshold = rate * U32;
    for (let i = 0; i < n; i++) mask[i] = rng.nextU32() >= threshold ? keep : 0;
  }

  axpy(n: number, alpha: number, x: Float32Array, y: Float32Array): void {
    for (let i = 0; i < n; i++) y[i] += alpha * x[i];
  }

  scale(n: number, alpha: number, x: Float32Array): void {
    for (let i = 0; i < n; i++) x[i] *= alpha;
  }

  gatherRows(count: number, width: number, src: Float32Array, index: Int32Array, dst: Float32Array): void {
    // TypedArray.set of a row view is a memcpy (~3x a float loop; the short-lived views cost less than
    // keeping one per table row, measured on Fashion-MNIST's 60,000 rows)
    for (let i = 0; i < count; i++) {
      const from = index[i] * width;
      dst.set(src.subarray(from, from + width), i * width);
    }
  }

  startGatherRows(count: number, width: number, src: Float32Array, index: Int32Array, dst: Float32Array): void {
    this.gatherRows(count, width, src, index, dst);
  }

  finishGather(): void {}

  owns(): boolean {
    return true; // any Float32Array
  }

  sumSquares(n: number, x: Float32Array): number {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i] * x[i];
    return s;
  }

  sgdStep(
    n: number,
    w: Float32Array,
    g: Float32Array,
    v: Float32Array,
    lr: number,
    momentum: number,
    nesterov: boolean,
  ): void {
    if (momentum === 0) {
      for (let i = 0; i < n; i++) w[i] -= lr * g[i];
    } else if (!nesterov) {
      for (let i = 0; i < n; i++) {
        v[i] = momentum * v[i] + g[i];
        w[i] -= lr * v[i];
      }
    } else {
      for (let i = 0; i < n; i++) {
        v[i] = momentum * v[i] + g[i];
        w[i] -= lr * (g[i] + momentum * v[i]);
      }
    }
  }

  adamStep(
    n: number,
    w: Float32Array,
    g: Float32Array,
    m: Float32Array,
    v: Float32Array,
    lr: number,
    b1: number,
    b2: number,
    eps: number,
    bc1: number,
    bc2: number,
    decay: number,
  ): number {
    const squares = this.sumSquares(n, g);
    const stepSize = lr / bc1;
    const bc2Sqrt = Math.sqrt(bc2);
    const keep = 1 - decay;
    for (let i = 0; i < n; i++) {
      const gi = g[i];
      if (decay !== 0) w[i] *= keep;
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      w[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / bc2Sqrt + eps);
    }
    return squares;
  }

  rmspropStep(
    n: number,
    w: Float32Array,
    g: Float32Array,
    s: Float32Array,
    lr: number,
    rho: number,
    eps: number,
  ): void {
    for (let i = 0; i < n; i++) {
      const gi = g[i];
      s[i] = rho * s[i] + (1 - rho) * gi * gi;
      w[i] -= (lr * gi) / (Math.sqrt(s[i]) + eps);
    }
  }

  adagradStep(n: number, w: Float32Array, g: Float32Array, s: Float32Array, lr: number, eps: number): void {
    for (let i = 0; i < n; i++) {
      const gi = g[i];
      s[i] += gi * gi;
      w[i] -= (lr * gi) / (Math.sqrt(s[i]) + eps);
    }
  }

  im2col(w: Window, c: number, batch: number, x: Float32Array, P: Float32Array): void {
    im2col(w, c, batch, x, P);
  }

  col2im(w: Window, c: number, batch: number, dP: Float32Array, dx: Float32Array): void {
    col2im(w, c, batch, dP, dx);
  }

  maxPool(w: Window, c: number, batch: number, x: Float32Array, y: Float32Array, argmax: Int32Array): void {
    maxPool(w, c, batch, x, y, argmax);
  }

  maxPoolBackward(w: Window, c: number, batch: number, dy: Float32Array, argmax: Int32Array, dx: Float32Array): void {
    maxPoolBackward(w, c, batch, dy, argmax, dx);
  }

  batchNormStatistics(rows: number, C: number, x: Float32Array, mean: Float64Array, sumSq: Float64Array): void {
    batchNormStatistics(rows, C, x, mean, sumSq);
  }

  batchNormForward(
    rows: number,
    C: number,
    x: Float32Array,
    mean: Float64Array,
    invStd: Float64Array,
    gamma: Float32Array | null,
    beta: Float32Array | null,
    xhat: Float32Array,
    y: Float32Array,
  ): void {
    batchNormForward(rows, C, x, mean, invStd, gamma, beta, xhat, y);
  }

  batchNormSums(rows: number, C: number, dy: Float32Array, xhat: Float32Array, sumDy: Float64Array, sumDyXhat: Float64Array): void {
    batchNormSums(rows, C, dy, xhat, sumDy, sumDyXhat);
  }

  batchNormBackward(
    rows: number,
    C: number,
    dy: Float32Array,
    xhat: Float32Array,
    invStd: Float64Array,
    gamma: Float32Array | null,
    meanDy: Float64Array,
    meanDyXhat: Float64Array,
    dx: Float32Array,
  ): void {
    batchNormBackward(rows, C, dy, xhat, invStd, gamma, meanDy, meanDyXhat, dx);
  }
}
