// The layer registry: every `model.layers[].type`. config/ builds its discriminated union from it;
// model.ts builds layers through `create`. Each entry's `shape` gives its output shape for an input
// shape, or the problem with it (config rules report it at the layer's line before anything is built).
// An entry with `output` has the output capability (it can end a model: logits, final activation,
// fused loss); config rules and the model find the output layer by it, never by type.
import type { z } from "zod";
import type { ActivationName } from "../activations/index.js";
import { AvgPool2d, avgPool2dOptions, type AvgPool2dOptions } from "./avg_pool2d.js";
import { BatchNorm, batchNormOptions, batchNormShape, type BatchNormOptions } from "./batch_norm.js";
import { Conv2d, conv2dOptions, conv2dShape, type Conv2dOptions } from "./conv2d.js";
import { Dense, denseOptions, type DenseOptions } from "./dense.js";
import { Dropout, dropoutOptions, type DropoutOptions } from "./dropout.js";
import { Flatten, flattenOptions, flattenShape, type FlattenOptions } from "./flatten.js";
import {
  GlobalAveragePool2d,
  globalAveragePool2dOptions,
  globalAveragePool2dShape,
  type GlobalAveragePool2dOptions,
} from "./global_average_pool2d.js";
import type { Layer, LayerContext, ShapeResult } from "./layer.js";
import { MaxPool2d, maxPool2dOptions, type MaxPool2dOptions } from "./max_pool2d.js";
import { poolShape } from "./pooling.js";
import { Reshape, reshapeOptions, reshapeShape, type ReshapeOptions } from "./reshape.js";

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
    /** Any input is read flat (as after a flatten). */
    shape: (o: DenseOptions & { units: number }): ShapeResult => [o.units],
    output: {
      of: (o: DenseOptions): OutputOptions => ({ activation: o.activation, units: o.units }),
      withUnits: (o: DenseOptions, units: number): DenseOptions & { units: number } => ({ ...o, units }),
    },
  },
  dropout: {
    options: dropoutOptions,
    create: (o: DropoutOptions, ctx: LayerContext): Layer => new Dropout(o, ctx),
    shape: (_o: DropoutOptions, input: readonly number[]): ShapeResult => [...input],
  },
  reshape: {
    options: reshapeOptions,
    create: (o: ReshapeOptions, ctx: LayerContext): Layer => new Reshape(o, ctx, o.target_shape),
    shape: reshapeShape,
  },
  flatten: {
    options: flattenOptions,
    create: (o: FlattenOptions, ctx: LayerContext): Layer => new Flatten(o, ctx),
    shape: flattenShape,
  },
  conv2d: {
    options: conv2dOptions,
    create: (o: Conv2dOptions, ctx: LayerContext): Layer => new Conv2d(o, ctx),
    shape: conv2dShape,
  },
  max_pool2d: {
    options: maxPool2dOptions,
    create: (o: MaxPool2dOptions, ctx: LayerContext): Layer => new MaxPool2d(o, ctx),
    shape: (o: MaxPool2dOptions, input: readonly number[]): ShapeResult => poolShape(o, input),
  },
  avg_pool2d: {
    options: avgPool2dOptions,
    create: (o: AvgPool2dOptions, ctx: LayerContext): Layer => new AvgPool2d(o, ctx),
    shape: (o: AvgPool2dOptions, input: readonly number[]): ShapeResult => poolShape(o, input),
  },
  global_average_pool2d: {
    options: globalAveragePool2dOptions,
    create: (o: GlobalAveragePool2dOptions, ctx: LayerContext): Layer => new GlobalAveragePool2d(o, ctx),
    shape: globalAveragePool2dShape,
  },
  batch_norm: {
    options: batchNormOptions,
    create: (o: BatchNormOptions, ctx: LayerContext): Layer => new BatchNorm(o, ctx),
    shape: batchNormShape,
  },
} as const;
export type LayerType = keyof typeof layers;
export type { Layer, LayerContext, LayerJson, OutputLayer, Param, ShapeProblem, ShapeResult, State } from "./layer.js";
export { isOutputLayer, isShapeProblem } from "./layer.js";
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

/** The output shape of a layer of options `o` (units resolved) for `input`, or the problem with that input. */
export function layerShape(o: LayerOptions, input: readonly number[]): ShapeResult {
  const entry = layers[o.type] as { shape: (o: LayerOptions, input: readonly number[]) => ShapeResult };
  return entry.shape(o, input);
}
