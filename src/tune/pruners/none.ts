// none: every trial runs all its epochs.
import type { Pruner } from "../types.js";

export function createNonePruner(): Pruner {
  return { decidesAt: () => false, shouldPrune: () => false };
}
