// random: every parameter drawn uniformly from its space (log spaces uniformly in the log), from a
// generator derived from (seed, trial number), so trial i's values never depend on the others.
import { Rng } from "../../engine/random.js";
import { sampleSpace } from "../space.js";
import type { Params, Sampler, SearchSpec } from "../types.js";

export function randomParams(spec: SearchSpec, number: number): Params {
  const rng = Rng.derive(spec.seed, number);
  const out: Params = {};
  for (const { path, space } of spec.parameters) out[path] = sampleSpace(rng, space);
  return out;
}

export function createRandomSampler(spec: SearchSpec): Sampler {
  return { needs: () => 0, suggest: (number) => randomParams(spec, number) };
}
