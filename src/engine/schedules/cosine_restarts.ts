// cosine_restarts: cosine within cycles of length period, period*t_mult, period*t_mult^2, ...
import { z } from "zod";
import { Schedule } from "./schedule.js";
import { cosineAt } from "./cosine.js";
import { minLr, warmupEpochs } from "./common.js";

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

export class CosineRestarts extends Schedule {
  readonly type = "cosine_restarts";
  constructor(
    readonly options: CosineRestartsOptions,
    lr0: number,
  ) {
    super(lr0, options.warmup_epochs);
  }
  // Find the cycle holding e: lengths T_i = period * t_mult^i; then cosine over (e - cycle start) / T_i.
  protected at(e: number): number {
    let T = this.options.period;
    let start = 0;
    while (e >= start + T) {
      start += T;
      T *= this.options.t_mult;
    }
    return cosineAt(this.lr0, this.options.min_lr, e - start, T);
  }
}
