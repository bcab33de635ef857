// he_uniform: W ~ U(-l, l), l = sqrt(6 / fan_in)   (variance 2/fan_in)
import type { Initializer } from "./initializer.js";
import { uniform } from "./variance_scaling.js";

export const heUniform = {
  describe: "U(-l, l), l = sqrt(6/fan_in)",
  init: (W, fanIn, fanOut, rng, n = fanIn * fanOut) => uniform(W, n, 2, fanIn, rng),
} satisfies Initializer;
