import { z } from "zod";
import { epsilon, learningRate } from "./common.js";

// adam: m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; w -= lr * (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps)
// weight_decay > 0 makes it AdamW: w *= 1 - lr*weight_decay before the step (kernels and biases).
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
