// The layer registry: every `model.layers[].type`. config/ builds its discriminated union from it;
// model.ts builds layers through `create`. An entry with `output` has the output capability (it can end
// a model: logits, final activation, fused loss); config rules and the model find the output layer by
// it, never by type.
import type { z } from "zod";
import type { ActivationName } from "../activations/index.js";
import { Dense, denseOptions, type DenseOptions } from "./dense.js";
import { Dropout, dropoutOptions, type DropoutOptions } from "./dropout.js";
import type { Layer, LayerContext } from "./layer.js";

/** What an output-capable layer type's options say about the model's output. */
export interface OutputOptions {
  activation: ActivationName;
  /** Output width, when the config gives it (the model fills it from the data otherwise). */
  units: number | undefined;
}

export const layers = {
  dense: {
    options: denseOptions,
    /** units must be resolved (the model fills the output layer's from the data). */
    create: (o: DenseOptions & { units: number }, ctx: LayerContext): Layer => new Dense(o, ctx),
    output: {
      of: (o: DenseOptions): OutputOptions => ({ activation: o.activation, units: o.units }),
      withUnits: (o: DenseOptions, units: number): DenseOptions & { units: number } => ({ ...o, units }),
    },
  },
  dropout: {
    options: dropoutOptions,
    create: (o: DropoutOptions, ctx: LayerContext): Layer => new Dropout(o, ctx),
  },
} as const;
export type LayerType = keyof typeof layers;
export type { Layer, LayerContext, LayerJson, OutputLayer, Param, State } from "./layer.js";
export { isOutputLayer } from "./layer.js";
export { Dense } from "./dense.js";
export { Dropout } from "./dropout.js";

/** A layer's options as the config gives them (dense `units` may still be missing on the output layer). */
export type LayerOptions = z.output<(typeof layers)[LayerType]["options"]>;

interface OutputCapability {
  of(o: LayerOptions): OutputOptions;
  withUnits(o: LayerOptions, units: number): LayerOptions;
}

function outputCapability(type: string): OutputCapability | undefined {
  const entry = (layers as Record<string, { output?: unknown }>)[type];
  return entry?.output as OutputCapability | undefined;
}

/** The layer types that can end a model (have the output capability). */
export const outputLayerTypes = (Object.keys(layers) as LayerType[]).filter((t) => outputCapability(t) !== undefined);

/** The output options of `o` when its type has the output capability, else null. */
export function outputOptions(o: LayerOptions): OutputOptions | null {
  return outputCapability(o.type)?.of(o) ?? null;
}

/** `o` (an output-capable layer's options) with its units set. */
export function withOutputUnits(o: LayerOptions, units: number): LayerOptions {
  const cap = outputCapability(o.type);
  if (!cap) throw new Error(`layer type ${o.type} has no output capability`);
  return cap.withUnits(o, units);
}
