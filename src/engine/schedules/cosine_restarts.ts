import { z } from "zod";
import { minLr, warmupEpochs } from "./common.js";

// cosine_restarts: cosine within cycles of length period, period*t_mult, period*t_mult^2, ...
export const cosineRestartsOptions = z
  .strictObject({
    type: z.literal("cosine_restarts"),
    period: z.number().int().positive().default(10).describe("Length in epochs of the first cycle."),
    t_mult: z.number().int().positive().default(2).describe("Each cycle is t_mult times longer than the last."),
    min_lr: minLr,
    warmup_epochs: warmupEpochs,
  })
  .describe("Cosine annealing with warm restarts (SGDR).");
export type CosineRestartsOptions = z.output<typeof cosineRestartsOptions>;
