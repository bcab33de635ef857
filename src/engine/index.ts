// The engine's public API: what src/train (fit), src/io and src/cli use. Nothing else in src/engine is
// needed from outside. A whole training run looks like this:
//
//   import { buildModel, createKernels, createSchedule, Rng } from "../engine/index.js";
//
//   using kernels = createKernels();                            // this run's own; disposed at its end
//   const rng = Rng.derive(config.seed, restart);               // weights + dropout masks
//   const model = buildModel(config.model.layers, {
//     nIn, nOut,                                                // data widths (nOut fills the output layer's units)
//     inputShape: data.shape,                                   // one sample's shape ([features], [h, w, 1])
//     maxBatch: batchSize,                                      // "full" -> number of training rows
//     kernels,
//     rng,
//     loss: config.loss,                                        // resolved LossName
//     optimizer: config.optimizer,                              // parsed OptimizerConfig
//     clipNorm: config.training.clip_norm,
//   });
//   if (initFrom) model.loadWeights(initFromJson.layers);       // warm start; MltrainError if it does not fit
//   const schedule = createSchedule(config.schedule, { lr0: config.optimizer.learning_rate, epochs });
//
//   for (let e = 0; e < epochs; e++) {
//     const lr = schedule.lr(e);                                // e = 0 for the first epoch
//     for (each batch) {
//       // gather the batch's rows into model.input / model.target (or pass any Float32Array: it is copied)
//       const loss = model.trainStep(model.input, model.target, b, lr);   // mean batch loss + l2 penalties
//       // model.trainOutputs: that batch's outputs (training metrics)
//       // weight by b for the epoch's loss (Keras); model.gradNorms[i] = layer i's gradient norm
//     }
//     const valLoss = model.evaluateLoss(xVal, yVal, nVal);     // dropout off, + l2 penalties
//     const probs = model.predict(xVal, nVal);                  // [nVal, nOut] probabilities or values
//     schedule.onEpochEnd(e, { loss, val_loss: valLoss, ... }); // reduce_on_plateau listens
//   }
//
//   model.toJSON()              -> model.json `layers` ([{type, ...options, weights: {kernel, bias}}])
//   Sequential.fromJSON(layers, { nIn, inputShape, maxBatch, kernels })   -> a model for eval/predict
//   model.summary()             -> [{name, type, outputShape: [null, ...shape], params, nonTrainable}]
//   model.optimizer!.getState() / setState(s), schedule.getState() / setState(s), rng.getState() /
//   setState(s), model.toJSON() / loadWeights(layers, "checkpoint.invalid", "checkpoint")  -> checkpoints
//   (model.json and checkpoint.json weights hold each layer's params and its non-trainable state alike)
//
// Data layout: every matrix is a row-major Float32Array [rows, cols]. Targets: one-hot [rows, classes]
// for categorical_crossentropy, 0/1 [rows, labels] for binary_crossentropy, values for mse/mae.
// Float64 is never needed by callers; loss values are JS numbers.
import { JsKernels } from "./kernels/js.js";
import { WasmKernels, type WasmKernelsOptions } from "./kernels/wasm/wasm.js";
import type { Kernels } from "./kernels/kernels.js";
import type { LayerOptions } from "./layers/index.js";
import { Sequential, type ModelOptions } from "./model.js";

export { Rng, type RngState } from "./random.js";
export type { Kernels, ActivationKind, LossKind } from "./kernels/kernels.js";
export { JsKernels } from "./kernels/js.js";
export { WasmKernels, type WasmKernelsOptions } from "./kernels/wasm/wasm.js";
export { Sequential, type ModelOptions, type SummaryRow } from "./model.js";
export { inferShapes, type LayerShapeProblem } from "./model_shapes.js";
export { shapeText } from "./layers/window.js";
export {
  isOutputLayer,
  isShapeProblem,
  layerShape,
  layers,
  outputLayerTypes,
  outputOptions,
  type Layer,
  type LayerJson,
  type LayerOptions,
  type LayerType,
  type OutputLayer,
  type OutputOptions,
  type Param,
  type ShapeResult,
  type State,
} from "./layers/index.js";
export { activationNames, type ActivationName } from "./activations/index.js";
export { initializerNames, type InitializerName } from "./initializers/index.js";
export { createLoss, lossNames, losses, type Loss, type LossName } from "./losses/index.js";
export {
  createOptimizer,
  optimizers,
  Optimizer,
  type OptimizerOptions,
  type OptimizerState,
  type OptimizerType,
} from "./optimizers/index.js";
export {
  createSchedule,
  schedules,
  Schedule,
  type ScheduleContext,
  type ScheduleOptions,
  type ScheduleState,
  type ScheduleType,
} from "./schedules/index.js";
export { fromFloat32, fromNested, nestedShape, shortestFloat32, sizeOf, toFloat32, toNested } from "./tensor.js";
export { maximizes } from "./schedules/reduce_on_plateau.js";

/**
 * A new backend of its own, for one run (or one command): WebAssembly SIMD on up to two threads (one
 * worker thread, a memory that grows as the run allocates). Dispose it when the run ends: that ends the
 * thread and frees the memory, which otherwise only grows. MLTRAIN_KERNELS=js selects the plain
 * TypeScript reference backend (slower, for checking).
 */
export function createKernels(opts: WasmKernelsOptions = {}): Kernels {
  return process.env.MLTRAIN_KERNELS === "js" ? new JsKernels() : new WasmKernels(opts);
}

/**
 * A Sequential model from the config's layers (`model.layers`, parsed). Fills the output layer's
 * `units` with nOut when omitted; an explicit one that disagrees is a config.invalid MltrainError.
 */
export function buildModel(layers: readonly LayerOptions[], opts: ModelOptions): Sequential {
  return new Sequential(layers, opts);
}
