// The pruners by `search.pruner.type`.
import type { Pruner, SearchSpec } from "../types.js";
import { createAshaPruner } from "./asha.js";
import { createMedianPruner } from "./median.js";
import { createNonePruner } from "./none.js";

export function createPruner(spec: SearchSpec): Pruner {
  const p = spec.pruner;
  switch (p.type) {
    case "none":
      return createNonePruner();
    case "median":
      return createMedianPruner(p, spec.direction);
    case "asha":
      return createAshaPruner(p, spec.direction);
  }
}
