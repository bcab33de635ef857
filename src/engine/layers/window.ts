// What conv2d and the 2-D pooling layers share: a window of kh x kw cells sliding with strides sh x sw
// over an NHWC image, and TensorFlow's `valid` and `same` padding. The loops over a window (im2col /
// col2im, which turn a convolution into one matrix product, and max pooling) are kernels (kernels.ts).
//
//   valid: out = floor((in - k) / s) + 1, no padding
//   same:  out = ceil(in / s), total pad = max((out - 1)·s + k - in, 0), top/left = floor(total / 2)
//          (the odd one at the bottom/right)
import { z } from "zod";
import type { Window } from "../kernels/kernels.js";
import type { ShapeProblem } from "./layer.js";

/** An int or [h, w] (Keras's kernel_size, strides, pool_size). */
export const pairOption = z.union([z.number().int().positive(), z.tuple([z.number().int().positive(), z.number().int().positive()])]);
export type PairOption = z.output<typeof pairOption>;
export const paddingOption = z.enum(["valid", "same"]);
export type Padding = z.output<typeof paddingOption>;

export const pair = (v: PairOption): [number, number] => (typeof v === "number" ? [v, v] : [v[0], v[1]]);

/** A window's placement on an input of inH x inW: output size and top/left padding. */
export type { Window } from "../kernels/kernels.js";

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
