import { z } from "zod";
import { minLr, warmupEpochs } from "./common.js";

// reduce_on_plateau: lr *= factor when `monitor` has not improved by min_delta for `patience` epochs.
export const reduceOnPlateauOptions = z
  .strictObject({
    type: z.literal("reduce_on_plateau"),
    monitor: z.string().default("val_loss").describe("History key watched (loss, val_loss, val_accuracy, ...)."),
    mode: z.enum(["auto", "min", "max"]).default("auto").describe("auto: max for accuracy-like keys, min otherwise."),
    factor: z.number().positive().lt(1).default(0.1).describe("Multiplier applied on a plateau."),
    patience: z.number().int().nonnegative().default(10).describe("Epochs without improvement before reducing."),
    min_delta: z.number().nonnegative().default(1e-4).describe("Smallest change that counts as an improvement."),
    cooldown: z.number().int().nonnegative().default(0).describe("Epochs to wait after a reduction."),
    min_lr: minLr,
    warmup_epochs: warmupEpochs,
  })
  .describe("Reduce the learning rate when a monitored value stops improving.");
export type ReduceOnPlateauOptions = z.output<typeof reduceOnPlateauOptions>;
