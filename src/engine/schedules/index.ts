// The schedule registry: every `schedule.type`. config/ builds its discriminated union from it.
import { constantOptions } from "./constant.js";
import { cosineOptions } from "./cosine.js";
import { cosineRestartsOptions } from "./cosine_restarts.js";
import { exponentialOptions } from "./exponential.js";
import { reduceOnPlateauOptions } from "./reduce_on_plateau.js";
import { stepOptions } from "./step.js";
import { timeOptions } from "./time.js";

export const schedules = {
  constant: { options: constantOptions },
  step: { options: stepOptions },
  time: { options: timeOptions },
  exponential: { options: exponentialOptions },
  cosine: { options: cosineOptions },
  cosine_restarts: { options: cosineRestartsOptions },
  reduce_on_plateau: { options: reduceOnPlateauOptions },
} as const;
export type ScheduleType = keyof typeof schedules;
