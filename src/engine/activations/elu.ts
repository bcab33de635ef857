// elu: y = z > 0 ? z : exp(z) - 1; dz = dy · (z > 0 ? 1 : y + 1)   (alpha 1.0)
import type { Activation } from "./activation.js";

export const elu = {
  describe: "z > 0 ? z : exp(z) - 1",
  kernel: "elu",
  reference: (z) => z.map((v) => (v > 0 ? v : Math.exp(v) - 1)),
} satisfies Activation;
