// What every schedule is: the learning rate of epoch e (0 for the first), lr0 = optimizer.learning_rate.
//
// Warm-up (any schedule, warmup_epochs = w > 0): lr(e) = lr0 * (e+1)/(w+1) for e < w — linear from
// lr0/(w+1) at epoch 0 up to lr0 — then the schedule itself, started afresh: lr(e) = schedule(e - w).
// (So epoch w runs at schedule(0) = lr0.)
//
// Stateless schedules have an empty state; reduce_on_plateau keeps its current lr and counters, and
// learns from `onEpochEnd(epoch, logs)` with the epoch's history values (loss, val_loss, ...).

export interface ScheduleState {
  type: string;
  [key: string]: unknown;
}

export abstract class Schedule {
  abstract readonly type: string;
  /** Its parsed `schedule:` config (defaults filled). */
  abstract readonly options: { readonly type: string; readonly warmup_epochs: number };

  constructor(
    readonly lr0: number,
    readonly warmupEpochs: number,
  ) {}

  /** The learning rate of epoch e (0-based). */
  lr(e: number): number {
    const w = this.warmupEpochs;
    if (e < w) return (this.lr0 * (e + 1)) / (w + 1);
    return this.at(e - w);
  }

  /** The schedule without warm-up, e counted from its start. */
  protected abstract at(e: number): number;

  /** Called after each epoch with that epoch's history values; only reduce_on_plateau listens. */
  onEpochEnd(_e: number, _logs: Readonly<Record<string, number | null | undefined>>): void {}

  /** Its `schedule:` config, defaults filled: parses back to the same schedule. */
  toConfig(): { type: string } {
    return { ...this.options };
  }

  getState(): ScheduleState {
    return { type: this.type };
  }

  setState(_state: ScheduleState): void {}
}
