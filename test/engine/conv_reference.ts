// The plain direct-loop convolution the im2col + gemm path is checked against: the formula itself,
//   y[b, oh, ow, f] = bias[f] + Σ_i Σ_j Σ_c x[b, oh·sh + i - padTop, ow·sw + j - padLeft, c] · W[i, j, c, f]
// with TensorFlow's same padding (the odd pad at the bottom/right) and zeros outside the image.
export interface ConvGeometry {
  kernel_size: number | [number, number];
  strides?: number | [number, number];
  padding?: "valid" | "same";
}

const pair = (v: number | [number, number]): [number, number] => (typeof v === "number" ? [v, v] : v);

export function conv2dDirect(
  x: Float32Array,
  n: number,
  inputShape: readonly number[],
  W: Float32Array,
  bias: Float32Array | null,
  outputShape: readonly number[],
  o: ConvGeometry,
): Float64Array {
  const [h, w, c] = inputShape;
  const [oh, ow, f] = outputShape;
  const [kh, kw] = pair(o.kernel_size);
  const [sh, sw] = pair(o.strides ?? 1);
  const pad = (size: number, out: number, k: number, s: number) => (o.padding === "same" ? Math.floor(Math.max((out - 1) * s + k - size, 0) / 2) : 0);
  const pt = pad(h, oh, kh, sh);
  const pl = pad(w, ow, kw, sw);
  const y = new Float64Array(n * oh * ow * f);
  for (let b = 0; b < n; b++)
    for (let p = 0; p < oh; p++)
      for (let q = 0; q < ow; q++)
        for (let ff = 0; ff < f; ff++) {
          let s = bias ? bias[ff] : 0;
          for (let i = 0; i < kh; i++)
            for (let j = 0; j < kw; j++)
              for (let cc = 0; cc < c; cc++) {
                const yy = p * sh + i - pt;
                const xx = q * sw + j - pl;
                if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                s += x[((b * h + yy) * w + xx) * c + cc] * W[((i * kw + j) * c + cc) * f + ff];
              }
          y[((b * oh + p) * ow + q) * f + ff] = s;
        }
  return y;
}
