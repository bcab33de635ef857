// Reshape: views each sample's values in another shape, row-major (channels last), so a CSV row of
// 64 pixels becomes an [8, 8, 1] image. No values move: y is x, dx is dy.
import { z } from "zod";
import { sizeOf } from "../tensor.js";
import type { LayerContext, ShapeResult } from "./layer.js";
import { TensorlessLayer } from "./tensorless.js";
import { shapeText } from "./window.js";

export const reshapeOptions = z
  .strictObject({
    type: z.literal("reshape"),
    target_shape: z.array(z.number().int().positive()).min(1).describe("The shape of one sample after the layer, e.g. [8, 8, 1]; it must hold as many values as the input."),
  })
  .describe("Views each sample in another shape (row-major, channels last), e.g. a row of 64 pixels as [8, 8, 1].");
export type ReshapeOptions = z.output<typeof reshapeOptions>;

export function reshapeShape(o: ReshapeOptions, input: readonly number[]): ShapeResult {
  const want = sizeOf(o.target_shape);
  const have = sizeOf(input);
  if (want === have) return [...o.target_shape];
  return {
    field: "target_shape",
    message: `[${o.target_shape.join(", ")}] holds ${want} values, but this layer's input ${shapeText(input)} has ${have}; the sizes must be equal`,
  };
}

export class Reshape extends TensorlessLayer<{ type: string }> {
  readonly type: string = "reshape";
  private readonly needDx: boolean;

  constructor(options: { type: string }, ctx: LayerContext, outputShape: readonly number[]) {
    super(options, ctx, outputShape);
    this.needDx = ctx.needDx;
  }

  forward(x: Float32Array): Float32Array {
    return x;
  }

  backward(dy: Float32Array): Float32Array | null {
    return this.needDx ? dy : null;
  }
}
