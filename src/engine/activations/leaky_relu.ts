// leaky_relu: y = z > 0 ? z : 0.2·z; dz = dy · (z > 0 ? 1 : 0.2)   (Keras 3's negative_slope 0.2)
import type { Activation } from "./activation.js";

export const leakyRelu = {
  describe: "z > 0 ? z : 0.2·z",
  kernel: "leaky_relu",
  reference: (z) => z.map((v) => (v > 0 ? v : 0.2 * v)),
} satisfies Activation;
