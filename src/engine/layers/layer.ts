// What every layer of a Sequential model is: a forward and a backward pass over kernel-owned buffers
// sized once for `maxBatch` rows, its trainable parameters, and its model.json entry.
import type { Kernels } from "../kernels/kernels.js";
import type { Rng } from "../random.js";

/** One trainable tensor and its gradient (same length), both from kernels.alloc. */
export interface Param {
  /** "kernel" or "bias" (model.json `weights` key). */
  readonly name: string;
  readonly shape: readonly number[];
  readonly w: Float32Array;
  readonly g: Float32Array;
}

/** A layer's entry in model.json `layers`: its options plus, when it has parameters, its weights. */
export interface LayerJson {
  type: string;
  [option: string]: unknown;
}

/** What a layer's constructor receives besides its options. */
export interface LayerContext {
  kernels: Kernels;
  /** Width of the layer's input. */
  nIn: number;
  maxBatch: number;
  /** Draws initial weights (at construction) and dropout masks (during training). */
  rng: Rng;
  /** The first layer computes no input gradient. */
  needDx: boolean;
  /** Unique display name ("dense", "dense_1", ...). */
  name: string;
}

export interface Layer {
  readonly type: string;
  readonly name: string;
  readonly nIn: number;
  readonly nOut: number;
  readonly params: readonly Param[];
  /**
   * y = layer(x) for `batch` rows: x [batch,nIn] -> returns y [batch,nOut] (a kernel-owned buffer, or x
   * itself for identity layers). x must stay unchanged until backward.
   */
  forward(x: Float32Array, batch: number, training: boolean): Float32Array;
  /** Given dy = ∂L/∂y [batch,nOut]: fills every param's g and, unless first, returns dx [batch,nIn]. */
  backward(dy: Float32Array, batch: number): Float32Array | null;
  /** Its config entry (`model.layers[i]`), options only, defaults filled: parses back to the same layer. */
  toConfig(): { type: string };
  /** model.json entry: toConfig() plus, when it has parameters, `weights` (plain numbers). */
  toJSON(): LayerJson;
  /** Copy weights from a model.json entry already checked for shape. */
  setWeights(weights: Record<string, unknown>): void;
  /** l2 * Σ W² of this layer (0 when none). */
  penalty(): number;
}
