// The loss registry: `loss:` names of SPEC.md. Each entry's file holds value and gradient.

export const lossNames = ["mse", "mae", "binary_crossentropy", "categorical_crossentropy"] as const;
export type LossName = (typeof lossNames)[number];
