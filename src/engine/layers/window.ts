// What conv2d and the 2-D pooling layers share: a window of kh x kw cells sliding with strides sh x sw
// over an NHWC image, TensorFlow's `valid` and `same` padding, and the im2col / col2im pair that turns
// a convolution into one matrix product.
//
//   valid: out = floor((in - k) / s) + 1, no padding
//   same:  out = ceil(in / s), total pad = max((out - 1)·s + k - in, 0), top/left = floor(total / 2)
//          (the odd one at the bottom/right)
import { z } from "zod";
import type { ShapeProblem } from "./layer.js";

/** An int or [h, w] (Keras's kernel_size, strides, pool_size). */
export const pairOption = z.union([z.number().int().positive(), z.tuple([z.number().int().positive(), z.number().int().positive()])]);
export type PairOption = z.output<typeof pairOption>;
export const paddingOption = z.enum(["valid", "same"]);
export type Padding = z.output<typeof paddingOption>;

export const pair = (v: PairOption): [number, number] => (typeof v === "number" ? [v, v] : [v[0], v[1]]);

/** A window's placement on an input of inH x inW: output size and top/left padding. */
export interface Window {
  inH: number;
  inW: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  outH: number;
  outW: number;
  padTop: number;
  padLeft: number;
}

/** Output size and padding of one axis (see the header). */
function axis(n: number, k: number, s: number, padding: Padding): { out: number; pad: number } {
  if (padding === "valid") return { out: Math.floor((n - k) / s) + 1, pad: 0 };
  const out = Math.ceil(n / s);
  return { out, pad: Math.floor(Math.max((out - 1) * s + k - n, 0) / 2) };
}

export function window(inH: number, inW: number, kernel: [number, number], strides: [number, number], padding: Padding): Window {
  const [kh, kw] = kernel;
  const [sh, sw] = strides;
  const h = axis(inH, kh, sh, padding);
  const w = axis(inW, kw, sw, padding);
  return { inH, inW, kh, kw, sh, sw, outH: h.out, outW: w.out, padTop: h.pad, padLeft: w.pad };
}

/** Why a window cannot slide over an input (valid padding and a kernel larger than the input), else null. */
export function windowMisfit(inH: number, inW: number, kernel: [number, number], padding: Padding, what: string): string | null {
  if (padding === "same" || (kernel[0] <= inH && kernel[1] <= inW)) return null;
  return `${kernel[0]}x${kernel[1]} does not fit this layer's ${inH}x${inW} input; use padding: same or a smaller ${what}`;
}

/** Keras's shape text of one sample: (None, 26, 26, 32). */
export const shapeText = (shape: readonly number[]) => `(None, ${shape.join(", ")})`;

/** Why a layer of `type` that reads [h, w, channels] images cannot take `input` (not 3-D), else null. */
export function imageInputProblem(type: string, input: readonly number[]): ShapeProblem | null {
  if (input.length === 3) return null;
  return {
    field: "type",
    message: `${type} needs an image input [h, w, channels], got ${shapeText(input)}; put a reshape (target_shape: [h, w, channels]) before it`,
  };
}

/**
 * im2col: the patches of `batch` images x [batch,inH,inW,c] as rows P [batch·outH·outW, kh·kw·c], row
 * (b, oh, ow), column (i·kw + j)·c + ch = x[b, oh·sh + i - padTop, ow·sw + j - padLeft, ch], 0 outside.
 * The column order is the HWIO kernel's row order, so z = P · W [kh·kw·c, filters].
 */
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

/** col2im: im2col's adjoint. dx [batch,inH,inW,c] = Σ over the patches that read each cell of dP's value there. */
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
