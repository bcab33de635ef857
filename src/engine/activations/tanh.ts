// tanh: y = tanh(z); dz = dy · (1 - y²)
import type { Activation } from "./activation.js";

export const tanh = {
  describe: "tanh(z)",
  kernel: "tanh",
  reference: (z) => z.map((v) => Math.tanh(v)),
} satisfies Activation;
