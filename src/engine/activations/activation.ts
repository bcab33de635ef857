// What every activation is: an elementwise (softmax: per-row) function y = f(z) applied after x·W + b.
// The loops are kernels (Kernels.activation / activationBackward, selected by `kernel`); `reference` is
// the formula in float64 on one row z [cols] -> y [cols], the definition the kernels are tested against.
// Activations have no options (leaky_relu's slope and elu's alpha are Keras 3's defaults).
import type { ActivationKind } from "../kernels/kernels.js";

export interface Activation {
  /** One line for `mltrain schema` and docs: the formula. */
  readonly describe: string;
  /** The Kernels activation that computes it. */
  readonly kernel: ActivationKind;
  /** y = f(z) for one row z [cols], in float64. */
  reference(z: readonly number[]): number[];
}
