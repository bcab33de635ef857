// The layer registry: every `model.layers[].type`. config/ builds its discriminated union from it;
// model.ts builds layers through `create`.
import type { z } from "zod";
import { Dense, denseOptions, type DenseOptions } from "./dense.js";
import { Dropout, dropoutOptions, type DropoutOptions } from "./dropout.js";
import type { Layer, LayerContext } from "./layer.js";

export const layers = {
  dense: {
    options: denseOptions,
    /** units must be resolved (the model fills the last layer's from the data). */
    create: (o: DenseOptions & { units: number }, ctx: LayerContext): Layer => new Dense(o, ctx),
  },
  dropout: {
    options: dropoutOptions,
    create: (o: DropoutOptions, ctx: LayerContext): Layer => new Dropout(o, ctx),
  },
} as const;
export type LayerType = keyof typeof layers;
export type { Layer, LayerContext, LayerJson, Param } from "./layer.js";
export { Dense } from "./dense.js";
export { Dropout } from "./dropout.js";

/** A layer's options as the config gives them (dense `units` may still be missing on the last layer). */
export type LayerOptions = z.output<(typeof layers)[LayerType]["options"]>;
