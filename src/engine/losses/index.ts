// The loss registry: every `loss:` name of SPEC.md, one file each. An explicit object, in the order
// `mltrain schema` lists them; nothing registers itself on import.
import type { LossKind } from "../kernels/kernels.js";
import { binaryCrossentropy } from "./binary_crossentropy.js";
import { categoricalCrossentropy } from "./categorical_crossentropy.js";
import type { Loss } from "./loss.js";
import { mae } from "./mae.js";
import { mse } from "./mse.js";

const registry = {
  mse,
  mae,
  binary_crossentropy: binaryCrossentropy,
  categorical_crossentropy: categoricalCrossentropy,
};
export type LossName = keyof typeof registry;
export const losses: Readonly<Record<LossName, Loss>> = registry;
export const lossNames = Object.keys(registry) as [LossName, ...LossName[]];
export { lossDivisor, lossSum, type Loss } from "./loss.js";

export function createLoss(name: LossName): Loss {
  return losses[name];
}

// The kernel interface names the same list (compile-time check both ways).
const _sameNames: [LossName, LossKind] = ["mse" as LossKind, "mse" as LossName];
void _sameNames;
