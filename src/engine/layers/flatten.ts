// Flatten: an [h, w, c] sample as [h·w·c] values, index (i·w + j)·c + ch (channels fastest, Keras's
// channels_last order). NHWC buffers already hold the values in that order: y is x, dx is dy.
import { z } from "zod";
import { sizeOf } from "../tensor.js";
import type { LayerContext, ShapeResult } from "./layer.js";
import { Reshape } from "./reshape.js";

export const flattenOptions = z
  .strictObject({ type: z.literal("flatten") })
  .describe("Flattens each sample to one row of values, index (i·w + j)·c + channel (channels last).");
export type FlattenOptions = z.output<typeof flattenOptions>;

export function flattenShape(_o: FlattenOptions, input: readonly number[]): ShapeResult {
  return [sizeOf(input)];
}

export class Flatten extends Reshape {
  override readonly type = "flatten";

  constructor(options: FlattenOptions, ctx: LayerContext) {
    super(options, ctx, [ctx.nIn]);
  }
}
