// adagrad: s += g^2; w -= lr*g/(sqrt(s)+eps), s starting at initial_accumulator_value.
import { z } from "zod";
import type { Kernels } from "../kernels/kernels.js";
import type { Param } from "../layers/layer.js";
import { Optimizer } from "./optimizer.js";
import { epsilon, learningRate } from "./common.js";

export const adagradOptions = z
  .strictObject({
    type: z.literal("adagrad"),
    learning_rate: learningRate(0.001),
    initial_accumulator_value: z.number().nonnegative().default(0.1).describe("Starting value of s (Keras: 0.1)."),
    epsilon,
  })
  .describe("Adagrad: divides each step by the root of all past squared gradients.");
export type AdagradOptions = z.output<typeof adagradOptions>;

export class Adagrad extends Optimizer {
  readonly type = "adagrad";
  constructor(
    readonly options: AdagradOptions,
    k: Kernels,
    params: readonly Param[],
  ) {
    super(k, params, ["s"], options.initial_accumulator_value);
  }
  protected update(i: number, p: Param, lr: number): number {
    this.k.adagradStep(p.w.length, p.w, p.g, this.slots.s[i], lr, this.options.epsilon);
    return NaN;
  }
}
