import { z } from "zod";
import { epsilon, learningRate } from "./common.js";

// adagrad: s += g^2; w -= lr*g/(sqrt(s)+eps), s starting at initial_accumulator_value.
export const adagradOptions = z
  .strictObject({
    type: z.literal("adagrad"),
    learning_rate: learningRate(0.001),
    initial_accumulator_value: z.number().nonnegative().default(0.1).describe("Starting value of s (Keras: 0.1)."),
    epsilon,
  })
  .describe("Adagrad: divides each step by the root of all past squared gradients.");
export type AdagradOptions = z.output<typeof adagradOptions>;
