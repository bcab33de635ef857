// mse: L = mean over batch and outputs of (y - t)²;  ∂L/∂y = 2(y - t) / (rows·cols)
import type { Loss } from "./loss.js";

export const mse = {
  name: "mse",
  describe: "mean squared error: mean of (y - t)^2 over rows and outputs",
  fusedWith: null,
  mean: "elements",
  sum: (k, rows, cols, y, t, dy, scale, w) => (w ? k.weightedLoss("mse", rows, cols, y, t, dy, scale, w) : k.loss("mse", rows, cols, y, t, dy, scale)),
} satisfies Loss;
