// mae: L = mean over batch and outputs of |y - t|;  ∂L/∂y = sign(y - t) / (rows·cols)  (0 at y = t)
import type { Loss } from "./loss.js";

export const mae = {
  name: "mae",
  describe: "mean absolute error: mean of |y - t| over rows and outputs",
  fusedWith: null,
  mean: "elements",
  sum: (k, rows, cols, y, t, dy, scale, w) => (w ? k.weightedLoss("mae", rows, cols, y, t, dy, scale, w) : k.loss("mae", rows, cols, y, t, dy, scale)),
} satisfies Loss;
