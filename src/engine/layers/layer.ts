// What every layer of a Sequential model is: built from its input shape, a forward and a backward pass
// over kernel-owned buffers sized once for `maxBatch` samples, its output shape, its trainable
// parameters, its non-trainable state, and its model.json entry.
//
// Shapes are per sample, without the batch dimension ([features] for a row, [h, w, c] for an NHWC
// image); buffers hold `batch` samples one after the other, each row-major in its shape.
import type { ActivationName } from "../activations/index.js";
import type { Kernels } from "../kernels/kernels.js";
import type { Rng } from "../random.js";
import { toNested } from "../tensor.js";

/** One trainable tensor and its gradient (same length), both from kernels.alloc. */
export interface Param {
  /** The model.json `weights` key ("kernel", "bias", "gamma", ...). */
  readonly name: string;
  readonly shape: readonly number[];
  readonly w: Float32Array;
  readonly g: Float32Array;
}

/**
 * One non-trainable tensor (batch_norm's moving statistics): saved and restored with the weights, by the
 * same code path, but never seen by the optimizer, by l2 or by the gradient norms.
 */
export interface State {
  /** The model.json `weights` key ("moving_mean", ...). */
  readonly name: string;
  readonly shape: readonly number[];
  readonly w: Float32Array;
}

/** A layer's entry in model.json `layers`: its options plus, when it has tensors, its weights. */
export interface LayerJson {
  type: string;
  [option: string]: unknown;
}

/** What a layer's constructor receives besides its options. */
export interface LayerContext {
  kernels: Kernels;
  /** Shape of one input sample ([features], [h, w, c], ...). */
  inputShape: readonly number[];
  /** Values per input sample: the product of inputShape. */
  nIn: number;
  maxBatch: number;
  /** Draws initial weights (at construction) and dropout masks (during training). */
  rng: Rng;
  /**
   * Whether a layer before this one has params. When none has (the first layer, or one after only reshape /
   * dropout layers), no dx is computed: nothing upstream would use it.
   */
  needDx: boolean;
  /** Unique display name ("dense", "dense_1", ...). */
  name: string;
}

export interface Layer {
  readonly type: string;
  readonly name: string;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  /** Values per input / output sample (products of the shapes). */
  readonly nIn: number;
  readonly nOut: number;
  readonly params: readonly Param[];
  /** Non-trainable tensors ([] for most layers). */
  readonly state: readonly State[];
  /**
   * y = layer(x) for `batch` samples: x [batch,nIn] -> returns y [batch,nOut] (a kernel-owned buffer, or x
   * itself for identity layers). x must stay unchanged until backward. Training may update `state`.
   */
  forward(x: Float32Array, batch: number, training: boolean): Float32Array;
  /** Given dy = ∂L/∂y [batch,nOut]: fills every param's g and, unless first, returns dx [batch,nIn]. */
  backward(dy: Float32Array, batch: number): Float32Array | null;
  /** Its config entry (`model.layers[i]`), options only, defaults filled: parses back to the same layer. */
  toConfig(): { type: string };
  /** model.json entry: toConfig() plus, when it has tensors, `weights` (see layerJson). */
  toJSON(): LayerJson;
  /** l2 * Σ W² of this layer (0 when none). */
  penalty(): number;
}

/**
 * The output capability: a layer that can end a model. It computes logits z, then y = act(z), and can
 * stop at z so that a fused loss (softmax + crossentropy, sigmoid + BCE) computes y and writes dz itself.
 */
export interface OutputLayer extends Layer {
  /** The final activation (what the task table checks, what a loss may fuse with). */
  readonly activation: ActivationName;
  /** Logits [maxBatch,nOut]. */
  readonly z: Float32Array;
  /** Outputs act(z) [maxBatch,nOut] (the same array as z for a linear activation). */
  readonly y: Float32Array;
  /** ∂L/∂z [maxBatch,nOut]; a fused loss writes it before backwardFromZ. */
  readonly dz: Float32Array;
  /** z = logits(x) only, y left to a fused loss. */
  forwardLogits(x: Float32Array, batch: number): Float32Array;
  /** backward from dz (already written): fills the params' g and, unless first, returns dx. */
  backwardFromZ(batch: number): Float32Array | null;
}

/** Why an input shape cannot work for a layer: the option at fault ("type" for the layer itself) and what to do. */
export interface ShapeProblem {
  field: string;
  message: string;
}

/** A layer type's output shape for an input shape, or the problem (registry entries' `shape`). */
export type ShapeResult = readonly number[] | ShapeProblem;

export function isShapeProblem(r: ShapeResult): r is ShapeProblem {
  return !Array.isArray(r);
}

export function isOutputLayer(layer: Layer): layer is OutputLayer {
  return typeof (layer as Partial<OutputLayer>).forwardLogits === "function";
}

/** model.json entry of a layer: its config, plus `weights` {name: nested numbers} of its params then its state, if any. */
export function layerJson(config: { type: string }, tensors: readonly (Param | State)[]): LayerJson {
  if (tensors.length === 0) return { ...config };
  const weights: Record<string, unknown> = {};
  for (const t of tensors) weights[t.name] = toNested(t.w, t.shape);
  return { ...config, weights };
}
