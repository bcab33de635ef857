// rmsprop: s = rho*s + (1-rho)*g^2; w -= lr*g/(sqrt(s)+eps)
import { z } from "zod";
import type { Kernels } from "../kernels/kernels.js";
import type { Param } from "../layers/layer.js";
import { Optimizer } from "./optimizer.js";
import { epsilon, learningRate } from "./common.js";

export const rmspropOptions = z
  .strictObject({
    type: z.literal("rmsprop"),
    learning_rate: learningRate(0.001),
    rho: z.number().min(0).lt(1).default(0.9).describe("Decay of the squared-gradient average s."),
    epsilon,
  })
  .describe("RMSprop: divides each step by a running RMS of the gradient.");
export type RmspropOptions = z.output<typeof rmspropOptions>;

export class Rmsprop extends Optimizer {
  readonly type = "rmsprop";
  constructor(
    readonly options: RmspropOptions,
    k: Kernels,
    params: readonly Param[],
  ) {
    super(k, params, ["s"]);
  }
  protected update(i: number, p: Param, lr: number): number {
    this.k.rmspropStep(p.w.length, p.w, p.g, this.slots.s[i], lr, this.options.rho, this.options.epsilon);
    return NaN;
  }
}
