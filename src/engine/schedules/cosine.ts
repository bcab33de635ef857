import { z } from "zod";
import { minLr, warmupEpochs } from "./common.js";

// cosine: lr(e) = min_lr + (lr0-min_lr)*(1+cos(pi*min(e,T)/T))/2, T = period (default: training.epochs)
export const cosineOptions = z
  .strictObject({
    type: z.literal("cosine"),
    period: z.number().int().positive().optional().describe("Epochs T from lr0 down to min_lr (default: training.epochs)."),
    min_lr: minLr,
    warmup_epochs: warmupEpochs,
  })
  .describe("Cosine annealing from lr0 to min_lr over `period` epochs.");
export type CosineOptions = z.output<typeof cosineOptions>;
