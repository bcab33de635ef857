// time: lr(e) = lr0 / (1 + decay*e)
import { z } from "zod";
import { Schedule } from "./schedule.js";
import { warmupEpochs } from "./common.js";

export const timeOptions = z
  .strictObject({
    type: z.literal("time"),
    decay: z.number().nonnegative().default(0.01).describe("lr(e) = lr0 / (1 + decay*e)."),
    warmup_epochs: warmupEpochs,
  })
  .describe("Time-based decay: lr0 / (1 + decay*epoch).");
export type TimeOptions = z.output<typeof timeOptions>;

export class Time extends Schedule {
  readonly type = "time";
  constructor(
    readonly options: TimeOptions,
    lr0: number,
  ) {
    super(lr0, options.warmup_epochs);
  }
  protected at(e: number): number {
    return this.lr0 / (1 + this.options.decay * e);
  }
}
