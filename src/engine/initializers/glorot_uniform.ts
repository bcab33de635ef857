// glorot_uniform: W ~ U(-l, l), l = sqrt(6 / (fan_in + fan_out))   (variance 2/(fan_in + fan_out))
import type { Initializer } from "./initializer.js";
import { uniform } from "./variance_scaling.js";

export const glorotUniform = {
  describe: "U(-l, l), l = sqrt(6/(fan_in+fan_out))",
  init: (W, fanIn, fanOut, rng, n = fanIn * fanOut) => uniform(W, n, 2, fanIn + fanOut, rng),
} satisfies Initializer;
