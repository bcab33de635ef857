// Bilinear resizing as Keras's image_dataset_from_directory does it (tf.image.resize, method bilinear,
// antialias off): half-pixel centres, each output pixel a weighted mean of its 4 nearest input pixels,
// edges clamped. The same as torch.nn.functional.interpolate(mode="bilinear", align_corners=False,
// antialias=False), which the reference test uses. Downscaling by more than 2 skips input pixels (no
// antialiasing), exactly as Keras does.
//
//   src [inH, inW, c] uint8 -> out [outH, outW, c] uint8, rounded to the nearest integer
//   in_y = max((y + 0.5) * inH / outH - 0.5, 0); y0 = floor(in_y); y1 = min(y0 + 1, inH - 1); ly = in_y - y0
//   out = (1-ly)·((1-lx)·src[y0,x0] + lx·src[y0,x1]) + ly·((1-lx)·src[y1,x0] + lx·src[y1,x1])

/** Resize `src` ([inH, inW, c], row-major, channels last) into `out` ([outH, outW, c]). */
export function resizeBilinear(src: Uint8Array, inH: number, inW: number, c: number, out: Uint8Array, outH: number, outW: number): void {
  if (inH === outH && inW === outW) {
    out.set(src.subarray(0, inH * inW * c));
    return;
  }
  const sy = inH / outH;
  const sx = inW / outW;
  // per output column: the two input columns (already times c) and the weight of the right one
  const x0 = new Int32Array(outW);
  const x1 = new Int32Array(outW);
  const lx = new Float64Array(outW);
  for (let x = 0; x < outW; x++) {
    const fx = Math.max((x + 0.5) * sx - 0.5, 0);
    const i = Math.floor(fx);
    x0[x] = Math.min(i, inW - 1) * c;
    x1[x] = Math.min(i + 1, inW - 1) * c;
    lx[x] = fx - i;
  }
  for (let y = 0; y < outH; y++) {
    const fy = Math.max((y + 0.5) * sy - 0.5, 0);
    const i = Math.floor(fy);
    const r0 = Math.min(i, inH - 1) * inW * c;
    const r1 = Math.min(i + 1, inH - 1) * inW * c;
    const ly = fy - i;
    for (let x = 0, o = y * outW * c; x < outW; x++) {
      const a = lx[x];
      for (let k = 0; k < c; k++, o++) {
        const top = src[r0 + x0[x] + k] * (1 - a) + src[r0 + x1[x] + k] * a;
        const bottom = src[r1 + x0[x] + k] * (1 - a) + src[r1 + x1[x] + k] * a;
        out[o] = Math.round(top * (1 - ly) + bottom * ly);
      }
    }
  }
}
