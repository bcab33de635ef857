// BatchNormalization over the last axis (channels after a conv layer, features after a dense one): x
// seen as [m, C] with m = batch · (the other axes' sizes), per channel c:
//   training:   mean_c = Σ x / m;  var_c = Σ (x - mean_c)² / m (biased);  x̂ = (x - mean_c) / sqrt(var_c + eps)
//               moving_mean = momentum·moving_mean + (1 - momentum)·mean_c
//               moving_variance = momentum·moving_variance + (1 - momentum)·var_c·m/(m - 1) (unbiased, as
//               PyTorch's running_var; m = 1 keeps var_c)
//   evaluation: x̂ = (x - moving_mean) / sqrt(moving_variance + eps)
//   y = gamma ⊙ x̂ + beta   (gamma only with scale, beta only with center)
//   backward (training statistics): dgamma = Σ dy·x̂;  dbeta = Σ dy
//               dx = gamma·(dy - Σdy/m - x̂·Σ(dy·x̂)/m) / sqrt(var_c + eps)
// gamma starts at 1, beta and moving_mean at 0, moving_variance at 1 (Keras). The moving statistics
// are non-trainable state: saved with the weights, never stepped by the optimizer; l2 never applies.
import { z } from "zod";
import type { Kernels } from "../kernels/kernels.js";
import { layerJson, type Layer, type LayerContext, type LayerJson, type Param, type ShapeResult, type State } from "./layer.js";

export const batchNormOptions = z
  .strictObject({
    type: z.literal("batch_norm"),
    momentum: z.number().min(0).max(1).default(0.99).describe("Weight of the old value in the moving mean and variance."),
    epsilon: z.number().positive().default(0.001).describe("Added to the variance before the square root."),
    center: z.boolean().default(true).describe("Learn an offset beta per channel."),
    scale: z.boolean().default(true).describe("Learn a factor gamma per channel."),
  })
  .describe("Batch normalization of each channel (each feature after a dense layer) with moving statistics for evaluation.");
export type BatchNormOptions = z.output<typeof batchNormOptions>;

export function batchNormShape(_o: BatchNormOptions, input: readonly number[]): ShapeResult {
  return [...input];
}

export class BatchNorm implements Layer {
  readonly type = "batch_norm";
  readonly name: string;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly nIn: number;
  readonly nOut: number;
  readonly options: BatchNormOptions;
  readonly params: readonly Param[];
  readonly state: readonly State[];
  readonly gamma: Param | null;
  readonly beta: Param | null;
  readonly movingMean: State;
  readonly movingVariance: State;
  /** Channels (the last axis). */
  private readonly C: number;
  /** x̂ of the last training forward [maxBatch·nIn]. */
  private readonly xhat: Float32Array;
  private readonly y: Float32Array;
  private readonly dx: Float32Array | null;
  /** Per channel (float64, in the kernels' memory): the batch mean, 1/sqrt(var + eps), and for
   * backward Σ dy, Σ dy·x̂ and their means over the m values (sumGX holds Σ (x - mean)² in forward). */
  private readonly mean: Float64Array;
  private readonly invStd: Float64Array;
  private readonly sumG: Float64Array;
  private readonly sumGX: Float64Array;
  private readonly meanG: Float64Array;
  private readonly meanGX: Float64Array;
  private readonly k: Kernels;

  constructor(options: BatchNormOptions, ctx: LayerContext) {
    const { kernels: k, maxBatch } = ctx;
    const C = ctx.inputShape[ctx.inputShape.length - 1];
    this.options = options;
    this.name = ctx.name;
    this.inputShape = ctx.inputShape;
    this.outputShape = ctx.inputShape;
    this.nIn = ctx.nIn;
    this.nOut = ctx.nIn;
    this.C = C;
    const vector = (name: string, fill: number): Param => ({ name, shape: [C], w: k.alloc(C).fill(fill), g: k.alloc(C) });
    this.gamma = options.scale ? vector("gamma", 1) : null;
    this.beta = options.center ? vector("beta", 0) : null;
    this.params = [this.gamma, this.beta].filter((p): p is Param => p !== null);
    this.movingMean = { name: "moving_mean", shape: [C], w: k.alloc(C) };
    this.movingVariance = { name: "moving_variance", shape: [C], w: k.alloc(C).fill(1) };
    this.state = [this.movingMean, this.movingVariance];
    this.xhat = k.alloc(maxBatch * ctx.nIn);
    this.y = k.alloc(maxBatch * ctx.nIn);
    this.dx = ctx.needDx ? k.alloc(maxBatch * ctx.nIn) : null;
    const doubles = () => {
      const room = k.alloc(2 * C);
      return new Float64Array(room.buffer, room.byteOffset, C);
    };
    this.mean = doubles();
    this.invStd = doubles();
    this.sumG = doubles();
    this.sumGX = doubles();
    this.meanG = doubles();
    this.meanGX = doubles();
    this.k = k;
  }

  forward(x: Float32Array, batch: number, training: boolean): Float32Array {
    const { C, mean, invStd, xhat, y, k } = this;
    const m = (batch * this.nIn) / C;
    const eps = this.options.epsilon;
    if (training) {
      const sumSq = this.sumGX; // free until backward
      k.batchNormStatistics(m, C, x, mean, sumSq);
      const mm = this.movingMean.w;
      const mv = this.movingVariance.w;
      const mom = this.options.momentum;
      const unbias = m > 1 ? m / (m - 1) : 1;
      for (let c = 0; c < C; c++) {
        const v = sumSq[c] / m;
        mm[c] = mom * mm[c] + (1 - mom) * mean[c];
        mv[c] = mom * mv[c] + (1 - mom) * v * unbias;
        invStd[c] = 1 / Math.sqrt(v + eps);
      }
    } else {
      for (let c = 0; c < C; c++) {
        mean[c] = this.movingMean.w[c];
        invStd[c] = 1 / Math.sqrt(this.movingVariance.w[c] + eps);
      }
    }
    k.batchNormForward(m, C, x, mean, invStd, this.gamma?.w ?? null, this.beta?.w ?? null, xhat, y);
    return y;
  }

  // Σ dy and Σ dy·x̂ per channel (float64) give dbeta, dgamma and the two means of g = dy·gamma
  backward(dy: Float32Array, batch: number): Float32Array | null {
    const { C, xhat, invStd, sumG: sdy, sumGX: sdyx, k } = this;
    const m = (batch * this.nIn) / C;
    k.batchNormSums(m, C, dy, xhat, sdy, sdyx);
    const gamma = this.gamma;
    if (gamma) for (let c = 0; c < C; c++) gamma.g[c] = sdyx[c];
    if (this.beta) for (let c = 0; c < C; c++) this.beta.g[c] = sdy[c];
    const dx = this.dx;
    if (dx === null) return null;
    for (let c = 0; c < C; c++) {
      this.meanG[c] = sdy[c] / m;
      this.meanGX[c] = sdyx[c] / m;
    }
    k.batchNormBackward(m, C, dy, xhat, invStd, gamma?.w ?? null, this.meanG, this.meanGX, dx);
    return dx;
  }

  penalty(): number {
    return 0;
  }

  toConfig(): BatchNormOptions {
    return { ...this.options };
  }

  toJSON(): LayerJson {
    return layerJson(this.toConfig(), [...this.params, ...this.state]);
  }
}
