// he_normal: W ~ truncated N(0, 2 / fan_in)
import type { Initializer } from "./initializer.js";
import { truncatedNormal } from "./variance_scaling.js";

export const heNormal = {
  describe: "truncated N(0, 2/fan_in)",
  init: (W, fanIn, fanOut, rng, n = fanIn * fanOut) => truncatedNormal(W, n, 2, fanIn, rng),
} satisfies Initializer;
