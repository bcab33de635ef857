// The samplers by `search.sampler` name.
import type { Sampler, SearchSpec } from "../types.js";
import { createGridSampler } from "./grid.js";
import { createRandomSampler } from "./random.js";
import { createTpeSampler } from "./tpe.js";

export const samplers: Record<SearchSpec["sampler"], (spec: SearchSpec) => Sampler> = {
  random: createRandomSampler,
  grid: createGridSampler,
  tpe: createTpeSampler,
};

export function createSampler(spec: SearchSpec): Sampler {
  return samplers[spec.sampler](spec);
}
