// softplus: y = ln(1 + exp(z)) (computed as max(z,0) + ln(1 + exp(-|z|))); dz = dy · sigmoid(z)
import type { Activation } from "./activation.js";

export const softplus = {
  describe: "ln(1 + exp(z))",
  kernel: "softplus",
  reference: (z) => z.map((v) => Math.log(1 + Math.exp(v))),
} satisfies Activation;
