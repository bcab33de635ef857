// Dropout (inverted), x [batch,n] -> y [batch,n], any sample shape (each value is dropped on its own,
// as Keras's Dropout; the output shape is the input's):
//   training:  mask_i = (u_i >= rate) / (1 - rate), u_i a uint32 draw / 2^32;  y = x ⊙ mask;  dx = dy ⊙ mask
//   inference: y = x
import { z } from "zod";
import type { Kernels } from "../kernels/kernels.js";
import type { Rng } from "../random.js";
import type { LayerContext } from "./layer.js";
import { TensorlessLayer } from "./tensorless.js";

export const dropoutOptions = z
  .strictObject({
    type: z.literal("dropout"),
    rate: z.number().min(0).lt(1).describe("Fraction of inputs set to zero during training, in [0, 1)."),
  })
  .describe("Inverted dropout: zeroes a random fraction of inputs in training only.");
export type DropoutOptions = z.output<typeof dropoutOptions>;

export class Dropout extends TensorlessLayer<DropoutOptions> {
  readonly type = "dropout";
  /** 0 or 1/(1-rate) per element of the last training forward. */
  readonly mask: Float32Array;
  private readonly y: Float32Array;
  private readonly dx: Float32Array | null;
  private readonly k: Kernels;
  private readonly rng: Rng;
  /** Whether the last forward applied a mask (training with rate > 0). */
  private masked = false;

  constructor(options: DropoutOptions, ctx: LayerContext) {
    super(options, ctx, ctx.inputShape);
    const { kernels: k, nIn, maxBatch } = ctx;
    this.k = k;
    this.rng = ctx.rng;
    this.mask = k.alloc(maxBatch * nIn);
    this.y = k.alloc(maxBatch * nIn);
    this.dx = ctx.needDx ? k.alloc(maxBatch * nIn) : null;
  }

  // training: mask_i = (u_i >= rate) / (1 - rate); y = x ⊙ mask. inference: y = x
  forward(x: Float32Array, batch: number, training: boolean): Float32Array {
    const rate = this.options.rate;
    this.masked = training && rate > 0;
    if (!this.masked) return x;
    const n = batch * this.nIn;
    this.k.dropoutMask(n, rate, this.rng, this.mask);
    this.k.mul(n, x, this.mask, this.y);
    return this.y;
  }

  // dx = dy ⊙ mask
  backward(dy: Float32Array, batch: number): Float32Array | null {
    if (this.dx === null) return null;
    const n = batch * this.nIn;
    if (this.masked) this.k.mul(n, dy, this.mask, this.dx);
    else this.dx.set(dy.subarray(0, n));
    return this.dx;
  }
}
