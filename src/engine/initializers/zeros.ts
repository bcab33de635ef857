// zeros: W = 0 (draws nothing from the Rng)
import type { Initializer } from "./initializer.js";

export const zeros = {
  describe: "all zero",
  init: (W, fanIn, fanOut, _rng, n = fanIn * fanOut) => W.fill(0, 0, n),
} satisfies Initializer;
