// constant: lr(e) = lr0
import { z } from "zod";
import { Schedule } from "./schedule.js";
import { warmupEpochs } from "./common.js";

export const constantOptions = z
  .strictObject({ type: z.literal("constant"), warmup_epochs: warmupEpochs })
  .describe("The optimizer's learning rate every epoch.");
export type ConstantOptions = z.output<typeof constantOptions>;

export class Constant extends Schedule {
  readonly type = "constant";
  constructor(
    readonly options: ConstantOptions,
    lr0: number,
  ) {
    super(lr0, options.warmup_epochs);
  }
  protected at(): number {
    return this.lr0;
  }
}
