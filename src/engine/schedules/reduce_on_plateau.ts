// reduce_on_plateau: lr *= factor when `monitor` has not improved by min_delta for `patience` epochs.
import { z } from "zod";
import { minLr, warmupEpochs } from "./common.js";
import { Schedule, type ScheduleState } from "./schedule.js";

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

/** Keys where larger is better, for mode "auto" (as Keras: "acc" in the name, plus the other scores). */
const MAXIMIZED = /acc|auc|f1|precision|recall|r2/;

/** Whether a monitored history key improves upwards: mode "max", or "auto" on an accuracy-like key. */
export function maximizes(key: string, mode: "auto" | "min" | "max"): boolean {
  return mode === "max" || (mode === "auto" && MAXIMIZED.test(key));
}

// As keras.callbacks.ReduceLROnPlateau: after each epoch (past warm-up), if the monitored value improved
// by more than min_delta it becomes the best and the wait resets; otherwise, outside a cooldown, the wait
// grows and on reaching `patience` lr becomes max(lr*factor, min_lr), the cooldown starts, the wait resets.
// A missing monitored value (e.g. no validation split) leaves lr unchanged.
export class ReduceOnPlateau extends Schedule {
  readonly type = "reduce_on_plateau";
  private current: number;
  private best: number;
  private wait = 0;
  private cooldownLeft = 0;
  private readonly maximize: boolean;

  constructor(
    readonly options: ReduceOnPlateauOptions,
    lr0: number,
  ) {
    super(lr0, options.warmup_epochs);
    this.current = lr0;
    this.maximize = maximizes(options.monitor, options.mode);
    this.best = this.maximize ? -Infinity : Infinity;
  }

  protected at(): number {
    return this.current;
  }

  override onEpochEnd(e: number, logs: Readonly<Record<string, number | null | undefined>>): void {
    if (e < this.warmupEpochs) return;
    const value = logs[this.options.monitor];
    if (value === undefined || value === null || !Number.isFinite(value)) return;
    const { min_delta, patience, factor, min_lr, cooldown } = this.options;
    if (this.cooldownLeft > 0) {
      this.cooldownLeft -= 1;
      this.wait = 0;
    }
    const improved = this.maximize ? value > this.best + min_delta : value < this.best - min_delta;
    if (improved) {
      this.best = value;
      this.wait = 0;
    } else if (this.cooldownLeft === 0) {
      this.wait += 1;
      if (this.wait >= patience) {
        if (this.current > min_lr) {
          this.current = Math.max(this.current * factor, min_lr);
          this.cooldownLeft = cooldown;
        }
        this.wait = 0;
      }
    }
  }

  override getState(): ScheduleState {
    // best may be ±Infinity before the first value: JSON has no Infinity, so store null.
    const best = Number.isFinite(this.best) ? this.best : null;
    return { type: this.type, lr: this.current, best, wait: this.wait, cooldown_left: this.cooldownLeft };
  }

  override setState(state: ScheduleState): void {
    this.current = state.lr as number;
    this.best = (state.best as number | null) ?? (this.maximize ? -Infinity : Infinity);
    this.wait = state.wait as number;
    this.cooldownLeft = state.cooldown_left as number;
  }
}
