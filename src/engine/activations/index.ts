// The activation registry: `activation:` names of SPEC.md. Each entry's file holds its math.
// Options-free: leaky_relu uses Keras 3's negative_slope 0.2, elu alpha 1.0.

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
