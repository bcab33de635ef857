// The optimizer registry: every `optimizer.type`. config/ builds its discriminated union from it;
// `create` makes the optimizer over a model's parameters (model.params).
import type { Kernels } from "../kernels/kernels.js";
import type { Param } from "../layers/layer.js";
import { Adagrad, adagradOptions, type AdagradOptions } from "./adagrad.js";
import { Adam, adamOptions, type AdamOptions } from "./adam.js";
import { adamwOptions, type AdamwOptions } from "./adamw.js";
import type { Optimizer } from "./optimizer.js";
import { Rmsprop, rmspropOptions, type RmspropOptions } from "./rmsprop.js";
import { Sgd, sgdOptions, type SgdOptions } from "./sgd.js";

export const optimizers = {
  sgd: { options: sgdOptions, create: (o: SgdOptions, k: Kernels, p: readonly Param[]): Optimizer => new Sgd(o, k, p) },
  adam: { options: adamOptions, create: (o: AdamOptions, k: Kernels, p: readonly Param[]): Optimizer => new Adam(o, k, p) },
  adamw: { options: adamwOptions, create: (o: AdamwOptions, k: Kernels, p: readonly Param[]): Optimizer => new Adam(o, k, p) },
  rmsprop: {
    options: rmspropOptions,
    create: (o: RmspropOptions, k: Kernels, p: readonly Param[]): Optimizer => new Rmsprop(o, k, p),
  },
  adagrad: {
    options: adagradOptions,
    create: (o: AdagradOptions, k: Kernels, p: readonly Param[]): Optimizer => new Adagrad(o, k, p),
  },
} as const;
export type OptimizerType = keyof typeof optimizers;
export type OptimizerOptions = { [K in OptimizerType]: Parameters<(typeof optimizers)[K]["create"]>[0] }[OptimizerType];

/** The optimizer an `optimizer:` config (already parsed, defaults filled) describes, over `params`. */
export function createOptimizer(cfg: OptimizerOptions, params: readonly Param[], kernels: Kernels): Optimizer {
  const entry = optimizers[cfg.type] as { create: (o: OptimizerOptions, k: Kernels, p: readonly Param[]) => Optimizer };
  return entry.create(cfg, kernels, params);
}
export { Optimizer, type OptimizerState } from "./optimizer.js";
