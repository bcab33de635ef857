import { z } from "zod";
import { activationNames } from "../activations/index.js";
import { initializerNames } from "../initializers/index.js";

// Dense: y = act(x·W + b), kernel W [inputs][units], bias b [units].
export const denseOptions = z
  .strictObject({
    type: z.literal("dense"),
    units: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("Output width. May be omitted on the last layer: then the number of classes or targets."),
    activation: z.enum(activationNames).default("linear").describe("Activation applied to x·W + b."),
    init: z.enum(initializerNames).default("glorot_uniform").describe("Kernel initializer (biases start at zero)."),
    l2: z.number().nonnegative().default(0).describe("Adds l2 * sum(W^2) over this kernel to the loss."),
  })
  .describe("Fully connected layer: y = activation(x·W + b).");
export type DenseOptions = z.output<typeof denseOptions>;
