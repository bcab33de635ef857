// softmax, per row z [cols] -> y [cols]: y_c = exp(z_c - max z) / Σ_j exp(z_j - max z);
// dz_c = y_c (dy_c - Σ_j dy_j y_j). With categorical_crossentropy it is fused into the loss (losses/).
import type { Activation } from "./activation.js";

export const softmax = {
  describe: "exp(z_c) / Σ_j exp(z_j), per row",
  kernel: "softmax",
  reference: (z) => {
    const max = Math.max(...z);
    const e = z.map((v) => Math.exp(v - max));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  },
} satisfies Activation;
