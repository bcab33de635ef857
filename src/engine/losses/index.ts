// The loss registry: `loss:` names of SPEC.md. The loops are kernels (Kernels.loss, and the fused
// softmaxCrossEntropy / sigmoidBinaryCrossEntropy); this file says how each is averaged and which final
// activation it fuses with.
//
//   mse  mean over batch and outputs of (y-t)^2            mae  mean over batch and outputs of |y-t|
//   binary_crossentropy       mean over batch and outputs of -(t ln p + (1-t) ln(1-p))
//   categorical_crossentropy  mean over the batch of -Σ_c t_c ln p_c
// p clipped to [1e-7, 1-1e-7]. After a final sigmoid (bce) or softmax (cce) the loss is computed from
// the logits instead (exact log-sigmoid / log-softmax, no clipping, gradient p - t), as Keras and
// PyTorch do: stable for large logits.
import type { ActivationName } from "../activations/index.js";
import type { Kernels } from "../kernels/kernels.js";

export const lossNames = ["mse", "mae", "binary_crossentropy", "categorical_crossentropy"] as const;
export type LossName = (typeof lossNames)[number];

export interface Loss {
  readonly name: LossName;
  /** The final activation this loss is computed together with, from the logits. */
  readonly fusedWith: ActivationName | null;
  /** "rows": the sum is divided by the batch size; "elements": by batch size × outputs. */
  readonly mean: "rows" | "elements";
}

export const losses: Record<LossName, Loss> = {
  mse: { name: "mse", fusedWith: null, mean: "elements" },
  mae: { name: "mae", fusedWith: null, mean: "elements" },
  binary_crossentropy: { name: "binary_crossentropy", fusedWith: "sigmoid", mean: "elements" },
  categorical_crossentropy: { name: "categorical_crossentropy", fusedWith: "softmax", mean: "rows" },
};

export function createLoss(name: LossName): Loss {
  return losses[name];
}

/** The divisor that turns a loss sum over `rows` rows of `cols` outputs into the mean. */
export function lossDivisor(loss: Loss, rows: number, cols: number): number {
  return loss.mean === "rows" ? rows : rows * cols;
}

/**
 * The loss SUM of a batch (to be divided by lossDivisor) and, if `grad` is set, the gradient of the MEAN
 * with respect to the logits z (fused) or the outputs y (not fused) written into `grad`.
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
): number {
  const scale = 1 / lossDivisor(loss, rows, cols);
  if (fused && loss.fusedWith === "softmax") return k.softmaxCrossEntropy(rows, cols, z, y, t, grad, scale);
  if (fused && loss.fusedWith === "sigmoid") return k.sigmoidBinaryCrossEntropy(rows * cols, z, y, t, grad, scale);
  return k.loss(loss.name, rows, cols, y, t, grad, scale);
}
