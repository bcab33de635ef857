// What every loss is: the mean over a batch of a per-element (or per-row) error between outputs y and
// targets t, both [rows,cols]. The loops are kernels; a loss says which kernel computes its sum, how the
// sum is averaged, and which final activation it is computed together with from the logits z
// (exact log-softmax / log-sigmoid, gradient p - t, as Keras and PyTorch do: stable for large logits).
// Probabilities are clipped to [1e-7, 1-1e-7] before a log (kernels.ts EPS_PROB).
import type { ActivationName } from "../activations/index.js";
import type { Kernels } from "../kernels/kernels.js";

export interface Loss {
  readonly name: string;
  /** One line for `mltrain schema` and docs: the formula. */
  readonly describe: string;
  /** The final activation this loss is computed together with, from the logits (null: never fused). */
  readonly fusedWith: ActivationName | null;
  /** "rows": the sum is divided by the batch size; "elements": by batch size × outputs. */
  readonly mean: "rows" | "elements";
  /** Σ of the loss over y, t [rows,cols]; if dy is set, dy = scale · ∂(sum)/∂y. With w [rows], row r counts w[r] times. */
  sum(k: Kernels, rows: number, cols: number, y: Float32Array, t: Float32Array, dy: Float32Array | null, scale: number, w?: Float32Array | null): number;
  /**
   * The same sum from the logits z (p = fusedWith(z) already computed, or, when `computesP` and computeP,
   * written here); if dz is set, dz = scale · (p - t).
   */
  fusedSum?(
    k: Kernels,
    rows: number,
    cols: number,
    z: Float32Array,
    p: Float32Array,
    t: Float32Array,
    dz: Float32Array | null,
    scale: number,
    computeP?: boolean,
    w?: Float32Array | null,
  ): number;
  /** Whether fusedSum can compute p = fusedWith(z) itself (bit-identical to the activation). */
  readonly computesP?: boolean;
}

/** The divisor that turns a loss sum over `rows` rows of `cols` outputs into the mean. */
export function lossDivisor(loss: Loss, rows: number, cols: number): number {
  return loss.mean === "rows" ? rows : rows * cols;
}

/**
 * The loss SUM of a batch (to be divided by lossDivisor) and, if `grad` is set, the gradient of the MEAN
 * with respect to the logits z (fused) or the outputs y (not fused) written into `grad`. computeP (fused,
 * loss.computesP only): y = fusedWith(z) is written here (the forward pass skipped the activation).
 * w [rows] (class weights): row r's loss and gradient count w[r] times; the divisor stays the same
 * (Keras's weighted sum over the batch size, losses/class_weight.ts).
 */
export function lossSum(
  k: Kernels,
  loss: Loss,
  fused: boolean,
  rows: number,
  cols: number,
  z: Float32Array,
  y: Float32Array,
  t: Float32Array,
  grad: Float32Array | null,
  computeP = false,
  w: Float32Array | null = null,
): number {
  const scale = 1 / lossDivisor(loss, rows, cols);
  if (fused && loss.fusedSum) return loss.fusedSum(k, rows, cols, z, y, t, grad, scale, computeP, w);
  return loss.sum(k, rows, cols, y, t, grad, scale, w);
}
