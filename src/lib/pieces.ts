// Level 1, pure code: the engine's pieces one by one, so a training loop can be written by hand (the
// lecture's algorithm: random parameters; then, repeatedly, the loss, its gradient by backpropagation,
// θ ← θ − α·∇L). The options are the YAML's (`model.layers[i]`, `optimizer:`), parsed by the same
// schemas; the buffers come from the kernels the caller made (createKernels) and disposes.
//
//   using kernels = createKernels();
//   const dense = createLayer({ type: "dense", units: 1 }, { inputShape: [1], maxBatch: 4, kernels });
//   const sgd = createOptimizer({ type: "sgd", learning_rate: 0.1 }, dense.params, kernels);
//   const dy = kernels.alloc(4);
//   for (let step = 0; step < 200; step++) {
//     const y = dense.forward(x, 4, true);                  // ŷ = f_θ(x)
//     const loss = meanLoss(kernels, "mse", y, t, 4, 1, dy); // L and dy = ∂L/∂ŷ
//     dense.backward(dy, 4);                                // ∂L/∂W, ∂L/∂b into dense.params[i].g
//     sgd.step(0.1);                                        // θ ← θ − α·∇L
//   }
import { z } from "zod";
import { modelSchema, optimizerSchema } from "../config/schema.js";
import { layers as layerRegistry, Rng, createOptimizer as engineOptimizer, losses, type Kernels, type Layer, type LayerOptions, type LossName, type Optimizer, type Param } from "../engine/index.js";
import { lossDivisor, lossSum } from "../engine/losses/index.js";
import type { LayerContext } from "../engine/layers/index.js";
import { MltrainError } from "../errors.js";
import { parseOptions } from "./options.js";

/** A layer's options as a `model.layers` entry of the YAML ({ type: "dense", units: 16, activation: "relu" }). */
export type LayerInput = z.input<typeof layerSchema>;
/** An `optimizer:` section of the YAML ({ type: "adam", learning_rate: 0.001 }). */
export type OptimizerInput = z.input<typeof optimizerSchema>;

const layerSchema = modelSchema.shape.layers.element;

/** Where a layer built by createLayer sits: its input shape, its largest batch, its backend. */
export interface LayerPlace {
  /** Shape of one input sample, without the batch: [features], or [h, w, channels]. */
  inputShape: readonly number[];
  /** The largest batch forward/backward will be called with (buffers are sized once for it). */
  maxBatch: number;
  kernels: Kernels;
  /** Seed of the initial weights and of the dropout masks (default 0). */
  seed?: number;
  /** Whether backward returns dx (default true; false for a first layer: nothing upstream needs it). */
  needDx?: boolean;
  /** Its display name (default its type). */
  name?: string;
}

/**
 * One layer, built from its YAML options for `place`: forward(x, batch, training) → y, backward(dy,
 * batch) → dx (filling params[i].g), params (w and g of each kernel and bias), toJSON() (model.json's entry).
 * A dense layer needs `units` here (only a model fills the output layer's from the data).
 */
export function createLayer(options: LayerInput, place: LayerPlace): Layer {
  const o = parseOptions(layerSchema, options, "createLayer options") as LayerOptions;
  if (o.type === "dense" && o.units === undefined) {
    throw new MltrainError("config.invalid", "invalid createLayer options (1 problem)", undefined, ["createLayer options: units: missing; a layer built alone needs its width"]);
  }
  const shape = [...place.inputShape];
  if (shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new MltrainError("config.invalid", `createLayer: inputShape must be a list of positive whole numbers, got [${shape.join(", ")}]`);
  }
  if (!(Number.isInteger(place.maxBatch) && place.maxBatch > 0)) throw new MltrainError("config.invalid", `createLayer: maxBatch must be a positive whole number, got ${place.maxBatch}`);
  const ctx: LayerContext = {
    kernels: place.kernels,
    inputShape: shape,
    nIn: shape.reduce((a, b) => a * b, 1),
    maxBatch: place.maxBatch,
    rng: new Rng(place.seed ?? 0),
    needDx: place.needDx ?? true,
    name: place.name ?? o.type,
  };
  const entry = layerRegistry[o.type] as { create: (o: LayerOptions, c: LayerContext) => Layer };
  return entry.create(o, ctx);
}

/**
 * An optimizer over `params` (a layer's, or several layers' concatenated) from its YAML options:
 * step(lr) updates every w from its g (the learning rate is passed per step: schedules set it).
 */
export function createOptimizer(options: OptimizerInput, params: readonly Param[], kernels: Kernels): Optimizer {
  return engineOptimizer(parseOptions(optimizerSchema, options, "createOptimizer options"), params, kernels);
}

/**
 * The mean loss of outputs y against targets t, both [rows, cols] (SPEC's means: mse and mae over every
 * value, the crossentropies over rows), and, with dy, its gradient ∂L/∂y written there.
 */
export function meanLoss(kernels: Kernels, name: LossName, y: Float32Array, t: Float32Array, rows: number, cols: number, dy: Float32Array | null = null): number {
  const loss = losses[name];
  if (loss === undefined) throw new MltrainError("config.invalid", `meanLoss: unknown loss ${JSON.stringify(name)}; expected one of ${Object.keys(losses).join(", ")}`);
  return lossSum(kernels, loss, false, rows, cols, y, y, t, dy) / lossDivisor(loss, rows, cols);
}
