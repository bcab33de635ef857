// The reference loops over an image window (kernels.ts Window): conv2d's im2col / col2im and max
// pooling forward / backward, in plain TypeScript, as the formulas in kernels.ts read. NHWC: a cell's
// c channels are contiguous, so cell (y, x) of image b starts at b·inH·inW·c + (y·inW + x)·c.
import type { Window } from "./kernels.js";

export function im2col(w: Window, c: number, batch: number, x: Float32Array, P: Float32Array): void {
  const { inH, inW, kh, kw, sh, sw, outH, outW, padTop, padLeft } = w;
  const K = kh * kw * c;
  let row = 0;
  for (let b = 0; b < batch; b++) {
    const xb = b * inH * inW * c;
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++, row++) {
        let o = row * K;
        for (let i = 0; i < kh; i++) {
          const y = oh * sh + i - padTop;
          if (y < 0 || y >= inH) {
            P.fill(0, o, o + kw * c);
            o += kw * c;
            continue;
          }
          for (let j = 0; j < kw; j++, o += c) {
            const xx = ow * sw + j - padLeft;
            if (xx < 0 || xx >= inW) P.fill(0, o, o + c);
            else for (let ch = 0, s = xb + (y * inW + xx) * c; ch < c; ch++) P[o + ch] = x[s + ch];
          }
        }
      }
    }
  }
}

export function col2im(w: Window, c: number, batch: number, dP: Float32Array, dx: Float32Array): void {
  const { inH, inW, kh, kw, sh, sw, outH, outW, padTop, padLeft } = w;
  const K = kh * kw * c;
  dx.fill(0, 0, batch * inH * inW * c);
  let row = 0;
  for (let b = 0; b < batch; b++) {
    const xb = b * inH * inW * c;
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++, row++) {
        let o = row * K;
        for (let i = 0; i < kh; i++) {
          const y = oh * sh + i - padTop;
          if (y < 0 || y >= inH) {
            o += kw * c;
            continue;
          }
          for (let j = 0; j < kw; j++, o += c) {
            const xx = ow * sw + j - padLeft;
            if (xx < 0 || xx >= inW) continue;
            const d = xb + (y * inW + xx) * c;
            for (let ch = 0; ch < c; ch++) dx[d + ch] += dP[o + ch];
          }
        }
      }
    }
  }
}

export function maxPool(w: Window, c: number, batch: number, x: Float32Array, y: Float32Array, argmax: Int32Array): void {
  const { inH, inW, kh, kw, sh, sw, outH, outW, padTop, padLeft } = w;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const xb = b * inH * inW * c;
    for (let oh = 0; oh < outH; oh++) {
      const y0 = Math.max(oh * sh - padTop, 0);
      const y1 = Math.min(oh * sh - padTop + kh, inH);
      for (let ow = 0; ow < outW; ow++) {
        const x0 = Math.max(ow * sw - padLeft, 0);
        const x1 = Math.min(ow * sw - padLeft + kw, inW);
        for (let ch = 0; ch < c; ch++, o++) {
          let best = -Infinity;
          let at = xb + (y0 * inW + x0) * c + ch;
          for (let yy = y0; yy < y1; yy++) {
            for (let xx = x0; xx < x1; xx++) {
              const i = xb + (yy * inW + xx) * c + ch;
              if (x[i] > best) {
                best = x[i];
                at = i;
              }
            }
          }
          y[o] = x[at];
          argmax[o] = at;
        }
      }
    }
  }
}

export function maxPoolBackward(w: Window, c: number, batch: number, dy: Float32Array, argmax: Int32Array, dx: Float32Array): void {
  dx.fill(0, 0, batch * w.inH * w.inW * c);
  const n = batch * w.outH * w.outW * c;
  for (let o = 0; o < n; o++) dx[argmax[o]] += dy[o];
}
