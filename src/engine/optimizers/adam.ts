// adam: m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; w -= lr * (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps)
// weight_decay > 0 makes it AdamW: w *= 1 - lr*weight_decay before the step (kernels and biases).
import { z } from "zod";
import type { Kernels } from "../kernels/kernels.js";
import type { Param } from "../layers/layer.js";
import type { AdamwOptions } from "./adamw.js";
import { Optimizer } from "./optimizer.js";
import { epsilon, learningRate } from "./common.js";

const adamFields = {
  learning_rate: learningRate(0.001),
  beta_1: z.number().min(0).lt(1).default(0.9).describe("Decay of the first-moment average m."),
  beta_2: z.number().min(0).lt(1).default(0.999).describe("Decay of the second-moment average v."),
  epsilon,
};
export const adamOptions = z
  .strictObject({
    type: z.literal("adam"),
    ...adamFields,
    weight_decay: z.number().nonnegative().default(0).describe("Decoupled weight decay (AdamW) when > 0."),
  })
  .describe("Adam (adaptive moment estimation).");
export type AdamOptions = z.output<typeof adamOptions>;

export class Adam extends Optimizer {
  readonly type: string;
  constructor(
    readonly options: AdamOptions | AdamwOptions,
    k: Kernels,
    params: readonly Param[],
  ) {
    super(k, params, ["m", "v"]);
    this.type = options.type;
  }
  protected update(i: number, p: Param, lr: number): number {
    const { beta_1: b1, beta_2: b2, epsilon: eps, weight_decay } = this.options;
    const bc1 = 1 - b1 ** this.t;
    const bc2 = 1 - b2 ** this.t;
    return this.k.adamStep(p.w.length, p.w, p.g, this.slots.m[i], this.slots.v[i], lr, b1, b2, eps, bc1, bc2, lr * weight_decay);
  }
}
