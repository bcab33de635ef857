// The schedule registry: every `schedule.type`. config/ builds its discriminated union from it;
// `create` makes the schedule given lr0 (optimizer.learning_rate) and training.epochs.
import { Constant, constantOptions, type ConstantOptions } from "./constant.js";
import { Cosine, cosineOptions, type CosineOptions } from "./cosine.js";
import { CosineRestarts, cosineRestartsOptions, type CosineRestartsOptions } from "./cosine_restarts.js";
import { Exponential, exponentialOptions, type ExponentialOptions } from "./exponential.js";
import { ReduceOnPlateau, reduceOnPlateauOptions, type ReduceOnPlateauOptions } from "./reduce_on_plateau.js";
import type { Schedule } from "./schedule.js";
import { Step, stepOptions, type StepOptions } from "./step.js";
import { Time, timeOptions, type TimeOptions } from "./time.js";

export interface ScheduleContext {
  /** optimizer.learning_rate */
  lr0: number;
  /** training.epochs (cosine's default period) */
  epochs: number;
}

export const schedules = {
  constant: {
    options: constantOptions,
    create: (o: ConstantOptions, c: ScheduleContext): Schedule => new Constant(o, c.lr0),
  },
  step: { options: stepOptions, create: (o: StepOptions, c: ScheduleContext): Schedule => new Step(o, c.lr0) },
  time: { options: timeOptions, create: (o: TimeOptions, c: ScheduleContext): Schedule => new Time(o, c.lr0) },
  exponential: {
    options: exponentialOptions,
    create: (o: ExponentialOptions, c: ScheduleContext): Schedule => new Exponential(o, c.lr0),
  },
  cosine: {
    options: cosineOptions,
    create: (o: CosineOptions, c: ScheduleContext): Schedule => new Cosine(o, c.lr0, c.epochs),
  },
  cosine_restarts: {
    options: cosineRestartsOptions,
    create: (o: CosineRestartsOptions, c: ScheduleContext): Schedule => new CosineRestarts(o, c.lr0),
  },
  reduce_on_plateau: {
    options: reduceOnPlateauOptions,
    create: (o: ReduceOnPlateauOptions, c: ScheduleContext): Schedule => new ReduceOnPlateau(o, c.lr0),
  },
} as const;
export type ScheduleType = keyof typeof schedules;
export type ScheduleOptions = { [K in ScheduleType]: Parameters<(typeof schedules)[K]["create"]>[0] }[ScheduleType];

/** The schedule a `schedule:` config (parsed, defaults filled) describes. */
export function createSchedule(cfg: ScheduleOptions, ctx: ScheduleContext): Schedule {
  const entry = schedules[cfg.type] as { create: (o: ScheduleOptions, c: ScheduleContext) => Schedule };
  return entry.create(cfg, ctx);
}
export { Schedule, type ScheduleState } from "./schedule.js";
