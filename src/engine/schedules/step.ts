// step: lr(e) = lr0 * factor^floor(e/every)
import { z } from "zod";
import { Schedule } from "./schedule.js";
import { warmupEpochs } from "./common.js";

export const stepOptions = z
  .strictObject({
    type: z.literal("step"),
    factor: z.number().positive().default(0.5).describe("Multiplier applied every `every` epochs."),
    every: z.number().int().positive().default(10).describe("Epochs between drops."),
    warmup_epochs: warmupEpochs,
  })
  .describe("Step decay: multiply by `factor` every `every` epochs.");
export type StepOptions = z.output<typeof stepOptions>;

export class Step extends Schedule {
  readonly type = "step";
  constructor(
    readonly options: StepOptions,
    lr0: number,
  ) {
    super(lr0, options.warmup_epochs);
  }
  protected at(e: number): number {
    return this.lr0 * this.options.factor ** Math.floor(e / this.options.every);
  }
}
