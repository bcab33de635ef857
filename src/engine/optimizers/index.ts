// The optimizer registry: every `optimizer.type`. config/ builds its discriminated union from it.
import { adagradOptions } from "./adagrad.js";
import { adamOptions } from "./adam.js";
import { adamwOptions } from "./adamw.js";
import { rmspropOptions } from "./rmsprop.js";
import { sgdOptions } from "./sgd.js";

export const optimizers = {
  sgd: { options: sgdOptions },
  adam: { options: adamOptions },
  adamw: { options: adamwOptions },
  rmsprop: { options: rmspropOptions },
  adagrad: { options: adagradOptions },
} as const;
export type OptimizerType = keyof typeof optimizers;
