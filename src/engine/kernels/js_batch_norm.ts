// The reference loops of batch normalization (kernels.ts batchNorm*), over x [rows, C] with channels
// last, per channel in float64, the sums in row order.

export function batchNormStatistics(rows: number, C: number, x: Float32Array, mean: Float64Array, sumSq: Float64Array): void {
  mean.fill(0, 0, C);
  sumSq.fill(0, 0, C);
  for (let r = 0; r < rows; r++) for (let c = 0, o = r * C; c < C; c++) mean[c] += x[o + c];
  for (let c = 0; c < C; c++) mean[c] /= rows;
  for (let r = 0; r < rows; r++) {
    for (let c = 0, o = r * C; c < C; c++) {
      const d = x[o + c] - mean[c];
      sumSq[c] += d * d;
    }
  }
}

export function batchNormForward(
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
  for (let r = 0; r < rows; r++) {
    for (let c = 0, o = r * C; c < C; c++) {
      const h = (x[o + c] - mean[c]) * invStd[c];
      xhat[o + c] = h;
      y[o + c] = (gamma ? gamma[c] * h : h) + (beta ? beta[c] : 0);
    }
  }
}

export function batchNormSums(rows: number, C: number, dy: Float32Array, xhat: Float32Array, sumDy: Float64Array, sumDyXhat: Float64Array): void {
  sumDy.fill(0, 0, C);
  sumDyXhat.fill(0, 0, C);
  for (let r = 0; r < rows; r++) {
    for (let c = 0, o = r * C; c < C; c++) {
      sumDy[c] += dy[o + c];
      sumDyXhat[c] += dy[o + c] * xhat[o + c];
    }
  }
}

export function batchNormBackward(
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
  for (let r = 0; r < rows; r++) {
    for (let c = 0, o = r * C; c < C; c++) {
      const s = gamma ? gamma[c] : 1;
      dx[o + c] = s * (dy[o + c] - meanDy[c] - xhat[o + c] * meanDyXhat[c]) * invStd[c];
    }
  }
}
