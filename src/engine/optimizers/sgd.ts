// sgd: v = momentum*v + g; w -= lr*v   (nesterov: w -= lr*(g + momentum*v))
import { z } from "zod";
import type { Kernels } from "../kernels/kernels.js";
import type { Param } from "../layers/layer.js";
import { Optimizer } from "./optimizer.js";
import { learningRate } from "./common.js";

export const sgdOptions = z
  .strictObject({
    type: z.literal("sgd"),
    learning_rate: learningRate(0.01),
    momentum: z.number().min(0).lt(1).default(0).describe("Fraction of the previous step kept, in [0, 1)."),
    nesterov: z.boolean().default(false).describe("Nesterov momentum: look ahead along v."),
  })
  .describe("Stochastic gradient descent with optional (Nesterov) momentum.");
export type SgdOptions = z.output<typeof sgdOptions>;

export class Sgd extends Optimizer {
  readonly type = "sgd";
  constructor(
    readonly options: SgdOptions,
    k: Kernels,
    params: readonly Param[],
  ) {
    super(k, params, options.momentum > 0 ? ["v"] : []);
  }
  protected update(i: number, p: Param, lr: number): number {
    const { momentum, nesterov } = this.options;
    const v = momentum > 0 ? this.slots.v[i] : p.g;
    this.k.sgdStep(p.w.length, p.w, p.g, v, lr, momentum, nesterov);
    return NaN;
  }
}
