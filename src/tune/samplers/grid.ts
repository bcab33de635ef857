// grid: every combination of the parameters' values exactly once, in a fixed order (the last
// parameter varies fastest, like nested loops in the YAML's order). Past the last combination the
// order repeats.
import { gridValues } from "../space.js";
import type { ParamValue, Params, Sampler, SearchSpec } from "../types.js";

export function gridSize(spec: Pick<SearchSpec, "parameters">): number {
  return spec.parameters.reduce((n, p) => n * gridValues(p.space).length, 1);
}

export function gridParams(spec: SearchSpec, number: number): Params {
  const lists: ParamValue[][] = spec.parameters.map((p) => gridValues(p.space));
  const out: Params = {};
  let k = number % Math.max(1, gridSize(spec));
  const picks: number[] = [];
  for (let i = lists.length - 1; i >= 0; i--) {
    picks[i] = k % lists[i].length;
    k = Math.floor(k / lists[i].length);
  }
  spec.parameters.forEach((p, i) => (out[p.path] = lists[i][picks[i]]));
  return out;
}

export function createGridSampler(spec: SearchSpec): Sampler {
  return { needs: () => 0, suggest: (number) => gridParams(spec, number) };
}
