// What max_pool2d and avg_pool2d share: Keras's options (pool_size 2, strides = pool_size, padding
// valid | same), the output shape over an [h, w, c] image (window.ts), and the layer's window, shapes
// and y / dx buffers (Pool2d).
import { z } from "zod";
import type { LayerContext, ShapeResult } from "./layer.js";
import { TensorlessLayer } from "./tensorless.js";
import { imageInputProblem, pair, pairOption, paddingOption, window, windowMisfit, type Window } from "./window.js";

export const poolFields = {
  pool_size: pairOption.default(2).describe("Window height and width: an int or [h, w]."),
  strides: pairOption.optional().describe("Step of the window: an int or [h, w] (default: pool_size)."),
  padding: paddingOption.default("valid").describe("valid (windows inside the image) or same (TensorFlow's: output = ceil(input / stride))."),
};

export interface PoolOptions {
  type: string;
  pool_size: z.output<typeof pairOption>;
  strides?: z.output<typeof pairOption>;
  padding: z.output<typeof paddingOption>;
}

export function poolWindow(o: PoolOptions, input: readonly number[]): Window {
  return window(input[0], input[1], pair(o.pool_size), pair(o.strides ?? o.pool_size), o.padding);
}

/** [oh, ow, c] for an [h, w, c] input, or why that input cannot work. */
export function poolShape(o: PoolOptions, input: readonly number[]): ShapeResult {
  const notImage = imageInputProblem(o.type, input);
  if (notImage) return notImage;
  const misfit = windowMisfit(input[0], input[1], pair(o.pool_size), o.padding, "pool_size");
  if (misfit) return { field: "pool_size", message: misfit };
  const w = poolWindow(o, input);
  return [w.outH, w.outW, input[2]];
}

/** A 2-D pooling layer over [h, w, c] inputs: its window, y [maxBatch, oh, ow, c] and dx (unless first). */
export abstract class Pool2d<O extends PoolOptions> extends TensorlessLayer<O> {
  readonly window: Window;
  /** Channels, pooled each on its own. */
  protected readonly c: number;
  protected readonly y: Float32Array;
  protected readonly dx: Float32Array | null;

  constructor(options: O, ctx: LayerContext) {
    const w = poolWindow(options, ctx.inputShape);
    const c = ctx.inputShape[2];
    super(options, ctx, [w.outH, w.outW, c]);
    this.window = w;
    this.c = c;
    this.y = ctx.kernels.alloc(ctx.maxBatch * this.nOut);
    this.dx = ctx.needDx ? ctx.kernels.alloc(ctx.maxBatch * this.nIn) : null;
  }
}
