// GlobalAveragePooling2D (NHWC): y[b, c] = mean over i, j of x[b, i, j, c];  dx[b, i, j, c] = dy[b, c] / (h·w)
import { z } from "zod";
import type { LayerContext, ShapeResult } from "./layer.js";
import { TensorlessLayer } from "./tensorless.js";
import { imageInputProblem } from "./window.js";

export const globalAveragePool2dOptions = z
  .strictObject({ type: z.literal("global_average_pool2d") })
  .describe("Mean over height and width of [h, w, channels] images: one value per channel.");
export type GlobalAveragePool2dOptions = z.output<typeof globalAveragePool2dOptions>;

export function globalAveragePool2dShape(_o: GlobalAveragePool2dOptions, input: readonly number[]): ShapeResult {
  return imageInputProblem("global_average_pool2d", input) ?? [input[2]];
}

export class GlobalAveragePool2d extends TensorlessLayer<GlobalAveragePool2dOptions> {
  readonly type = "global_average_pool2d";
  /** Cells per channel (h·w). */
  private readonly hw: number;
  private readonly y: Float32Array;
  private readonly dx: Float32Array | null;

  constructor(options: GlobalAveragePool2dOptions, ctx: LayerContext) {
    super(options, ctx, [ctx.inputShape[2]]);
    const { kernels: k, maxBatch } = ctx;
    this.hw = ctx.inputShape[0] * ctx.inputShape[1];
    this.y = k.alloc(maxBatch * this.nOut);
    this.dx = ctx.needDx ? k.alloc(maxBatch * this.nIn) : null;
  }

  forward(x: Float32Array, batch: number): Float32Array {
    const { hw, nOut: c, y } = this;
    for (let b = 0; b < batch; b++) {
      const xb = b * this.nIn;
      for (let ch = 0; ch < c; ch++) {
        let s = 0;
        for (let p = 0; p < hw; p++) s += x[xb + p * c + ch];
        y[b * c + ch] = s / hw;
      }
    }
    return y;
  }

  backward(dy: Float32Array, batch: number): Float32Array | null {
    const { hw, nOut: c, dx } = this;
    if (dx === null) return null;
    for (let b = 0; b < batch; b++) {
      const xb = b * this.nIn;
      for (let p = 0; p < hw; p++) for (let ch = 0; ch < c; ch++) dx[xb + p * c + ch] = dy[b * c + ch] / hw;
    }
    return dx;
  }
}
