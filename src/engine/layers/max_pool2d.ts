// MaxPooling2D (NHWC): y[b, oh, ow, c] = max over the window's cells inside the image of x[b, y, x, c]
// (same padding never picks a pad cell, as TensorFlow). The forward pass keeps each maximum's input
// index; backward: dx = 0, then dx[argmax] += dy.
import { z } from "zod";
import type { LayerContext } from "./layer.js";
import { Pool2d, poolFields } from "./pooling.js";

export const maxPool2dOptions = z
  .strictObject({ type: z.literal("max_pool2d"), ...poolFields })
  .describe("2-D max pooling over [h, w, channels] images, each channel on its own.");
export type MaxPool2dOptions = z.output<typeof maxPool2dOptions>;

export class MaxPool2d extends Pool2d<MaxPool2dOptions> {
  readonly type = "max_pool2d";
  /** Index into the batch's x of each output's maximum. */
  private readonly argmax: Int32Array;

  constructor(options: MaxPool2dOptions, ctx: LayerContext) {
    super(options, ctx);
    this.argmax = new Int32Array(ctx.maxBatch * this.nOut);
  }

  forward(x: Float32Array, batch: number): Float32Array {
    const { inH, inW, kh, kw, sh, sw, outH, outW, padTop, padLeft } = this.window;
    const { c, y, argmax } = this;
    let o = 0;
    for (let b = 0; b < batch; b++) {
      const xb = b * this.nIn;
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
    return y;
  }

  backward(dy: Float32Array, batch: number): Float32Array | null {
    const dx = this.dx;
    if (dx === null) return null;
    dx.fill(0, 0, batch * this.nIn);
    const n = batch * this.nOut;
    for (let o = 0; o < n; o++) dx[this.argmax[o]] += dy[o];
    return dx;
  }
}
