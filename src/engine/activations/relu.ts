// relu: y = max(z, 0); dz = dy · [z > 0]
import type { Activation } from "./activation.js";

export const relu = {
  describe: "max(z, 0)",
  kernel: "relu",
  reference: (z) => z.map((v) => Math.max(v, 0)),
} satisfies Activation;
