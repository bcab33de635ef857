import { z } from "zod";
import { warmupEpochs } from "./common.js";

// time: lr(e) = lr0 / (1 + decay*e)
export const timeOptions = z
  .strictObject({
    type: z.literal("time"),
    decay: z.number().nonnegative().default(0.01).describe("lr(e) = lr0 / (1 + decay*e)."),
    warmup_epochs: warmupEpochs,
  })
  .describe("Time-based decay: lr0 / (1 + decay*epoch).");
export type TimeOptions = z.output<typeof timeOptions>;
