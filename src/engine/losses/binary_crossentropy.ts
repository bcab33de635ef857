// binary_crossentropy, y and t [rows,labels]: L = mean over batch and labels of -(t ln p + (1-t) ln(1-p)),
// p = clip(y). After a final sigmoid it is computed from the logits z:
//   Σ max(z,0) - z·t + ln(1 + exp(-|z|)),  ∂L/∂z = (sigmoid(z) - t) / (rows·labels)
import type { Loss } from "./loss.js";

export const binaryCrossentropy = {
  name: "binary_crossentropy",
  describe: "mean over rows and labels of -(t ln p + (1-t) ln(1-p)); from the logits after a sigmoid",
  fusedWith: "sigmoid",
  mean: "elements",
  sum: (k, rows, cols, y, t, dy, scale, w) => (w ? k.weightedLoss("binary_crossentropy", rows, cols, y, t, dy, scale, w) : k.loss("binary_crossentropy", rows, cols, y, t, dy, scale)),
  fusedSum: (k, rows, cols, z, p, t, dz, scale, _computeP, w) =>
    w ? k.weightedSigmoidBinaryCrossEntropy(rows, cols, z, p, t, dz, scale, w) : k.sigmoidBinaryCrossEntropy(rows * cols, z, p, t, dz, scale),
} satisfies Loss;
