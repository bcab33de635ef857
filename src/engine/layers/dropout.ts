import { z } from "zod";

// Dropout (inverted): in training y = x * mask / (1 - rate), mask ~ Bernoulli(1 - rate); at inference y = x.
export const dropoutOptions = z
  .strictObject({
    type: z.literal("dropout"),
    rate: z.number().min(0).lt(1).describe("Fraction of inputs set to zero during training, in [0, 1)."),
  })
  .describe("Inverted dropout: zeroes a random fraction of inputs in training only.");
export type DropoutOptions = z.output<typeof dropoutOptions>;
