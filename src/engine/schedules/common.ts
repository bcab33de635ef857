// Option fields shared by every schedule: warmup_epochs, and min_lr for the decaying ones.
import { z } from "zod";

export const warmupEpochs = z
  .number()
  .int()
  .nonnegative()
  .default(0)
  .describe("Epochs of linear warm-up from lr0/(warmup_epochs+1) to lr0 before the schedule starts.");
export const minLr = z.number().nonnegative().default(0).describe("Lowest learning rate the schedule reaches.");
