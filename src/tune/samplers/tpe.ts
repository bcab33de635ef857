// tpe: the Tree-structured Parzen Estimator (Bergstra et al. 2011), with Optuna's defaults and its
// independent (univariate) form: each parameter path is modelled on its own, from the ended trials
// that have it, so a whole-subtree choice that changes which paths exist needs no special case.
//   - the first n_startup_trials (10) are random;
//   - observations are split into the best gamma(n) = min(ceil(0.1·n), 25) ("below") and the rest;
//   - l(x) and g(x) are Parzen mixtures of truncated normals over the below/above values plus a prior
//     (mean the middle of the domain, sigma its width; weight 1); log spaces live in the log domain,
//     ints are continuous over [low - step/2, high + step/2] and rounded;
//   - categorical values: a weighted count per value plus prior weight/k;
//   - 24 candidates drawn from l, the one with the largest log l(x) - log g(x) wins.
// needs(): trials are suggested in batches of BATCH = 4 after the startup: trial i sees the trials
// < max(n_startup, 4·floor(i/4)). So up to 4 trials run in parallel with identical results whatever
// `parallel` is; the cost is that each trial in a batch ignores up to 3 recent results.
import { Rng } from "../../engine/random.js";
import { fromInternal, gridValues, isDiscrete, numericBounds, roundInt, toInternal } from "../space.js";
import type { ParamValue, Params, Sampler, SearchSpec, SpaceSpec, TrialView } from "../types.js";
import { randomParams } from "./random.js";

export const N_STARTUP_TRIALS = 10;
export const N_EI_CANDIDATES = 24;
export const BATCH = 4;
const PRIOR_WEIGHT = 1;

export function gamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

export function tpeNeeds(number: number): number {
  if (number < N_STARTUP_TRIALS) return 0;
  return Math.max(N_STARTUP_TRIALS, BATCH * Math.floor(number / BATCH));
}

/** Ended trials with a value, best first (complete before pruned, then by value in the direction). */
function ranked(spec: SearchSpec, ended: readonly TrialView[]): TrialView[] {
  const sign = spec.direction === "minimize" ? 1 : -1;
  const usable = ended.filter((t) => (t.state === "complete" || t.state === "pruned") && t.value !== undefined && Number.isFinite(t.value));
  return usable.sort((a, b) => {
    if (a.state !== b.state) return a.state === "complete" ? -1 : 1;
    // pruned trials: the longer-lived ranks better (as Optuna ranks by last step)
    if (a.state === "pruned" && a.intermediate.length !== b.intermediate.length) return b.intermediate.length - a.intermediate.length;
    return sign * ((a.value as number) - (b.value as number)) || a.number - b.number;
  });
}

export function createTpeSampler(spec: SearchSpec): Sampler {
  return {
    needs: tpeNeeds,
    suggest(number, ended) {
      const fallback = randomParams(spec, number);
      if (number < N_STARTUP_TRIALS) return fallback;
      const order = ranked(spec, ended);
      const rng = Rng.derive(spec.seed ^ 0x7e9e, number);
      const out: Params = {};
      for (const { path, space } of spec.parameters) {
        const seen = order.filter((t) => path in t.params);
        if (seen.length < 2) {
          out[path] = fallback[path];
          continue;
        }
        const nBelow = gamma(seen.length);
        const below = seen.slice(0, nBelow).map((t) => t.params[path]);
        const above = seen.slice(nBelow).map((t) => t.params[path]);
        out[path] = isDiscrete(space) && space.space !== "int" ? suggestCategorical(rng, space, below, above) : suggestNumeric(rng, space, below as number[], above as number[]);
      }
      return out;
    },
  };
}

// ---- numeric spaces: Parzen mixtures of truncated normals ----

interface Parzen {
  mus: number[];
  sigmas: number[];
  weights: number[]; // sum 1
  lo: number;
  hi: number;
}

/** Optuna's estimator: observations plus the prior, sigma from the gaps to the neighbours, clipped. */
export function parzen(obs: readonly number[], lo: number, hi: number): Parzen {
  const width = hi - lo;
  // the prior is the last component; sigmas come from the gaps between neighbours in sorted order
  const mus = [...obs, (lo + hi) / 2];
  const order = mus.map((_, i) => i).sort((i, j) => mus[i] - mus[j] || i - j);
  const sigmas = new Array<number>(mus.length);
  order.forEach((idx, r) => {
    const m = mus[idx];
    const left = r > 0 ? m - mus[order[r - 1]] : m - lo;
    const right = r < order.length - 1 ? mus[order[r + 1]] - m : hi - m;
    sigmas[idx] = Math.max(left, right);
  });
  const minSigma = width / Math.min(100, 1 + mus.length);
  for (let i = 0; i < obs.length; i++) sigmas[i] = Math.min(Math.max(sigmas[i], minSigma), width);
  sigmas[obs.length] = width;
  const raw = mus.map((_, i) => (i === obs.length ? PRIOR_WEIGHT : 1));
  const total = raw.reduce((x, y) => x + y, 0);
  return { mus, sigmas, weights: raw.map((w) => w / total), lo, hi };
}

function sampleParzen(rng: Rng, p: Parzen): number {
  let u = rng.uniform();
  let k = 0;
  while (k < p.weights.length - 1 && u >= p.weights[k]) u -= p.weights[k++];
  for (let tries = 0; tries < 100; tries++) {
    const x = p.mus[k] + p.sigmas[k] * rng.normal();
    if (x >= p.lo && x <= p.hi) return x;
  }
  return Math.min(Math.max(p.mus[k], p.lo), p.hi);
}

export function logPdfParzen(p: Parzen, x: number): number {
  let s = 0;
  for (let k = 0; k < p.mus.length; k++) {
    const m = p.mus[k];
    const sd = p.sigmas[k];
    const mass = normalCdf((p.hi - m) / sd) - normalCdf((p.lo - m) / sd);
    const z = (x - m) / sd;
    s += (p.weights[k] * Math.exp(-0.5 * z * z)) / (sd * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
  }
  return Math.log(Math.max(s, 1e-300));
}

function suggestNumeric(rng: Rng, space: SpaceSpec, below: number[], above: number[]): number {
  const [lo, hi] = numericBounds(space as SpaceSpec & { low: number; high: number });
  const l = parzen(below.map((v) => toInternal(space, v)), lo, hi);
  const g = parzen(above.map((v) => toInternal(space, v)), lo, hi);
  let best = NaN;
  let bestScore = -Infinity;
  for (let i = 0; i < N_EI_CANDIDATES; i++) {
    const x = sampleParzen(rng, l);
    const score = logPdfParzen(l, x) - logPdfParzen(g, x);
    if (score > bestScore) {
      bestScore = score;
      best = x;
    }
  }
  const v = fromInternal(space, best);
  if (space.space === "int") return roundInt(space, v);
  if (space.space === "uniform" || space.space === "loguniform") return Math.min(Math.max(v, space.low), space.high);
  return v;
}

// ---- categorical spaces (choice, grid): counts plus a uniform prior ----

function suggestCategorical(rng: Rng, space: SpaceSpec, below: ParamValue[], above: ParamValue[]): ParamValue {
  const values = gridValues(space);
  const keys = values.map((v) => JSON.stringify(v));
  const probs = (obs: ParamValue[]): number[] => {
    const w = keys.map(() => PRIOR_WEIGHT / keys.length);
    for (const o of obs) {
      const i = keys.indexOf(JSON.stringify(o));
      if (i >= 0) w[i] += 1;
    }
    const total = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / total);
  };
  const l = probs(below);
  const g = probs(above);
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < N_EI_CANDIDATES; c++) {
    let u = rng.uniform();
    let k = 0;
    while (k < l.length - 1 && u >= l[k]) u -= l[k++];
    const score = Math.log(l[k]) - Math.log(g[k]);
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return values[best];
}

/** Φ(z) through erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}
