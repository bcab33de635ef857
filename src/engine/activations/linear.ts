// linear: y = z; dz = dy
import type { Activation } from "./activation.js";

export const linear = {
  describe: "z (identity)",
  kernel: "linear",
  reference: (z) => z.map((v) => v),
} satisfies Activation;
