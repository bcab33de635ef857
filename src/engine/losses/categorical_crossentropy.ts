// categorical_crossentropy, y and one-hot t [rows,classes]: L = mean over the batch of -Σ_c t_c ln p_c,
// p = clip(y). After a final softmax it is computed from the logits z:
//   Σ_c t_c (logsumexp(z) - z_c),  ∂L/∂z = (softmax(z) - t) / rows
import type { Loss } from "./loss.js";

export const categoricalCrossentropy = {
  name: "categorical_crossentropy",
  describe: "mean over rows of -Σ_c t_c ln p_c; from the logits after a softmax",
  fusedWith: "softmax",
  mean: "rows",
  sum: (k, rows, cols, y, t, dy, scale, w) => (w ? k.weightedLoss("categorical_crossentropy", rows, cols, y, t, dy, scale, w) : k.loss("categorical_crossentropy", rows, cols, y, t, dy, scale)),
  fusedSum: (k, rows, cols, z, p, t, dz, scale, computeP, w) =>
    w ? k.weightedSoftmaxCrossEntropy(rows, cols, z, p, t, dz, scale, computeP ?? false, w) : k.softmaxCrossEntropy(rows, cols, z, p, t, dz, scale, computeP),
  computesP: true,
} satisfies Loss;
