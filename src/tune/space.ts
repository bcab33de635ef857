// A search space's values: drawing one at random, listing a grid, and the internal numeric domain
// (log for loguniform and log ints) in which TPE fits its Parzen estimators.
import { Rng } from "../engine/random.js";
import type { ParamValue, SpaceSpec } from "./types.js";

/** A uniform draw from the space. */
export function sampleSpace(rng: Rng, s: SpaceSpec): ParamValue {
  switch (s.space) {
    case "choice":
    case "grid":
      return s.values[rng.int(s.values.length)];
    case "uniform":
      return s.low + rng.uniform() * (s.high - s.low);
    case "loguniform":
      return Math.exp(Math.log(s.low) + rng.uniform() * (Math.log(s.high) - Math.log(s.low)));
    case "int": {
      const [lo, hi] = numericBounds(s);
      return roundInt(s, fromInternal(s, lo + rng.uniform() * (hi - lo)));
    }
  }
}

/** Whether the space has finitely many values (grid, choice, int). */
export function isDiscrete(s: SpaceSpec): boolean {
  return s.space === "choice" || s.space === "grid" || s.space === "int";
}

/** Every value of a discrete space, in order. */
export function gridValues(s: SpaceSpec): ParamValue[] {
  if (s.space === "choice" || s.space === "grid") return [...s.values];
  if (s.space === "int") {
    const step = s.step ?? 1;
    const out: number[] = [];
    for (let v = s.low; v <= s.high; v += step) out.push(v);
    return out;
  }
  throw new Error(`a ${s.space} space has no grid`);
}

/** The internal domain [lo, hi] of a numeric space: log for loguniform/log ints; ints widened by half a step. */
export function numericBounds(s: SpaceSpec & { low: number; high: number }): [number, number] {
  if (s.space === "int") {
    const half = (s.step ?? 1) / 2;
    if (s.log) return [Math.log(s.low - 0.5), Math.log(s.high + 0.5)];
    return [s.low - half, s.high + half];
  }
  if (s.space === "loguniform") return [Math.log(s.low), Math.log(s.high)];
  return [s.low, s.high];
}

export function isLog(s: SpaceSpec): boolean {
  return s.space === "loguniform" || (s.space === "int" && s.log === true);
}

export function toInternal(s: SpaceSpec, x: number): number {
  return isLog(s) ? Math.log(x) : x;
}

export function fromInternal(s: SpaceSpec, y: number): number {
  return isLog(s) ? Math.exp(y) : y;
}

/** An int space's nearest allowed value to x: low + k·step within [low, high]. */
export function roundInt(s: SpaceSpec & { space: "int" }, x: number): number {
  const step = s.step ?? 1;
  const k = Math.round((x - s.low) / step);
  const v = s.low + k * step;
  return Math.min(Math.max(v, s.low), s.low + Math.floor((s.high - s.low) / step) * step);
}
