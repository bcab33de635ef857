import { z } from "zod";
import { epsilon, learningRate } from "./common.js";

// rmsprop: s = rho*s + (1-rho)*g^2; w -= lr*g/(sqrt(s)+eps)
export const rmspropOptions = z
  .strictObject({
    type: z.literal("rmsprop"),
    learning_rate: learningRate(0.001),
    rho: z.number().min(0).lt(1).default(0.9).describe("Decay of the squared-gradient average s."),
    epsilon,
  })
  .describe("RMSprop: divides each step by a running RMS of the gradient.");
export type RmspropOptions = z.output<typeof rmspropOptions>;
