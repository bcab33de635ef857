// The activation registry: `activation:` names of SPEC.md. The loops are kernels (kernels/js.ts);
// `reference` is each one's scalar formula in float64, the definition tests check the kernels against.
// Options-free: leaky_relu uses Keras 3's negative_slope 0.2, elu alpha 1.0.
import type { ActivationKind } from "../kernels/kernels.js";

export const activationNames = [
  "linear",
  "relu",
  "leaky_relu",
  "elu",
  "sigmoid",
  "tanh",
  "softmax",
  "softplus",
] as const;
export type ActivationName = (typeof activationNames)[number];

// The kernel interface names the same list (compile-time check both ways).
const _sameNames: [ActivationName, ActivationKind] = ["linear" as ActivationKind, "linear" as ActivationName];
void _sameNames;

/** Scalar formulas (softmax is per row: see softmaxReference). */
export const reference: Record<Exclude<ActivationName, "softmax">, (z: number) => number> = {
  linear: (z) => z,
  relu: (z) => Math.max(z, 0),
  leaky_relu: (z) => (z > 0 ? z : 0.2 * z),
  elu: (z) => (z > 0 ? z : Math.exp(z) - 1),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: (z) => Math.tanh(z),
  softplus: (z) => Math.log(1 + Math.exp(z)),
};

export function softmaxReference(z: readonly number[]): number[] {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
