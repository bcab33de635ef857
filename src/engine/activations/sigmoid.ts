// sigmoid: y = 1 / (1 + exp(-z)); dz = dy · y(1 - y)
import type { Activation } from "./activation.js";

export const sigmoid = {
  describe: "1 / (1 + exp(-z))",
  kernel: "sigmoid",
  reference: (z) => z.map((v) => 1 / (1 + Math.exp(-v))),
} satisfies Activation;
