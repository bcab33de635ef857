// adamw: adam with decoupled weight decay, weight_decay defaulting to 0.01 (as torch.optim.AdamW).
import { z } from "zod";
import { adamOptions } from "./adam.js";

export const adamwOptions = adamOptions
  .extend({
    type: z.literal("adamw"),
    weight_decay: z.number().nonnegative().default(0.01).describe("Decoupled weight decay: w *= 1 - lr*weight_decay."),
  })
  .describe("AdamW: Adam with decoupled weight decay.");
export type AdamwOptions = z.output<typeof adamwOptions>;
