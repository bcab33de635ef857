// lecun_normal: W ~ truncated N(0, 1 / fan_in)
import type { Initializer } from "./initializer.js";
import { truncatedNormal } from "./variance_scaling.js";

export const lecunNormal = {
  describe: "truncated N(0, 1/fan_in)",
  init: (W, fanIn, fanOut, rng, n = fanIn * fanOut) => truncatedNormal(W, n, 1, fanIn, rng),
} satisfies Initializer;
