// The layer registry: every `model.layers[].type`. config/ builds its discriminated union from it.
import { denseOptions } from "./dense.js";
import { dropoutOptions } from "./dropout.js";

export const layers = {
  dense: { options: denseOptions },
  dropout: { options: dropoutOptions },
} as const;
export type LayerType = keyof typeof layers;
