// cosine: lr(e) = min_lr + (lr0-min_lr)*(1+cos(pi*min(e,T)/T))/2, T = period (default: training.epochs)
import { z } from "zod";
import { Schedule } from "./schedule.js";
import { minLr, warmupEpochs } from "./common.js";

export const cosineOptions = z
  .strictObject({
    type: z.literal("cosine"),
    period: z.number().int().positive().optional().describe("Epochs T from lr0 down to min_lr (default: training.epochs)."),
    min_lr: minLr,
    warmup_epochs: warmupEpochs,
  })
  .describe("Cosine annealing from lr0 to min_lr over `period` epochs.");
export type CosineOptions = z.output<typeof cosineOptions>;

/** min_lr + (lr0 - min_lr) * (1 + cos(pi * min(e, T) / T)) / 2 */
export function cosineAt(lr0: number, minLr: number, e: number, T: number): number {
  return minLr + ((lr0 - minLr) * (1 + Math.cos((Math.PI * Math.min(e, T)) / T))) / 2;
}

export class Cosine extends Schedule {
  readonly type = "cosine";
  /** T: `period`, else the epochs left after warm-up (training.epochs - warmup_epochs, at least 1). */
  readonly period: number;
  constructor(
    readonly options: CosineOptions,
    lr0: number,
    epochs: number,
  ) {
    super(lr0, options.warmup_epochs);
    this.period = options.period ?? Math.max(1, epochs - options.warmup_epochs);
  }
  protected at(e: number): number {
    return cosineAt(this.lr0, this.options.min_lr, e, this.period);
  }
}
