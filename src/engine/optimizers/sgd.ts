import { z } from "zod";
import { learningRate } from "./common.js";

// sgd: v = momentum*v + g; w -= lr*v   (nesterov: w -= lr*(g + momentum*v))
export const sgdOptions = z
  .strictObject({
    type: z.literal("sgd"),
    learning_rate: learningRate(0.01),
    momentum: z.number().min(0).lt(1).default(0).describe("Fraction of the previous step kept, in [0, 1)."),
    nesterov: z.boolean().default(false).describe("Nesterov momentum: look ahead along v."),
  })
  .describe("Stochastic gradient descent with optional (Nesterov) momentum.");
export type SgdOptions = z.output<typeof sgdOptions>;
