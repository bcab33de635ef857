// exponential: lr(e) = lr0 * rate^e
import { z } from "zod";
import { Schedule } from "./schedule.js";
import { warmupEpochs } from "./common.js";

export const exponentialOptions = z
  .strictObject({
    type: z.literal("exponential"),
    rate: z.number().positive().default(0.96).describe("lr(e) = lr0 * rate^e."),
    warmup_epochs: warmupEpochs,
  })
  .describe("Exponential decay: lr0 * rate^epoch.");
export type ExponentialOptions = z.output<typeof exponentialOptions>;

export class Exponential extends Schedule {
  readonly type = "exponential";
  constructor(
    readonly options: ExponentialOptions,
    lr0: number,
  ) {
    super(lr0, options.warmup_epochs);
  }
  protected at(e: number): number {
    return this.lr0 * this.options.rate ** e;
  }
}
