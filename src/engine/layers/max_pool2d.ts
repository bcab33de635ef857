// MaxPooling2D (NHWC): y[b, oh, ow, c] = max over the window's cells inside the image of x[b, y, x, c]
// (same padding never picks a pad cell, as TensorFlow). The forward pass keeps each maximum's input
// index; backward: dx = 0, then dx[argmax] += dy.
import { z } from "zod";
import type { Kernels } from "../kernels/kernels.js";
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
  private readonly k: Kernels;

  constructor(options: MaxPool2dOptions, ctx: LayerContext) {
    super(options, ctx);
    const n = ctx.maxBatch * this.nOut;
    const room = ctx.kernels.alloc(n); // in the kernels' memory, as Int32 (the kernels read it in place)
    this.argmax = new Int32Array(room.buffer, room.byteOffset, n);
    this.k = ctx.kernels;
  }

  forward(x: Float32Array, batch: number): Float32Array {
    this.k.maxPool(this.window, this.c, batch, x, this.y, this.argmax);
    return this.y;
  }

  backward(dy: Float32Array, batch: number): Float32Array | null {
    if (this.dx === null) return null;
    this.k.maxPoolBackward(this.window, this.c, batch, dy, this.argmax, this.dx);
    return this.dx;
  }
}
