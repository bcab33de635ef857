// glorot_normal: W ~ truncated N(0, 2 / (fan_in + fan_out))
import type { Initializer } from "./initializer.js";
import { truncatedNormal } from "./variance_scaling.js";

export const glorotNormal = {
  describe: "truncated N(0, 2/(fan_in+fan_out))",
  init: (W, fanIn, fanOut, rng, n = fanIn * fanOut) => truncatedNormal(W, n, 2, fanIn + fanOut, rng),
} satisfies Initializer;
