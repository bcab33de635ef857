// The initializer registry: `init:` names of SPEC.md, each a sampling rule for a kernel W [fan_in][fan_out]
// drawn row-major from the seeded Rng (biases always start at zero).
//
// The normal ones are TRUNCATED as in Keras (values beyond 2 standard deviations are redrawn, and the
// stddev is divided by 0.8796 so the variance is still scale/fan), not plain as in PyTorch: SPEC's names
// and defaults are Keras's, so a Keras user gets the distribution they expect.
import type { Rng } from "../random.js";

export const initializerNames = [
  "glorot_uniform",
  "glorot_normal",
  "he_normal",
  "he_uniform",
  "lecun_normal",
  "zeros",
] as const;
export type InitializerName = (typeof initializerNames)[number];

/** Keras: stddev of the unit normal truncated to [-2, 2]. */
const TRUNCATED_STD = 0.87962566103423978;

/** Uniform in [-limit, limit) with limit = sqrt(3*scale/fan). */
function uniform(W: Float32Array, n: number, scale: number, fan: number, rng: Rng): void {
  const limit = Math.sqrt((3 * scale) / fan);
  for (let i = 0; i < n; i++) W[i] = (2 * rng.uniform() - 1) * limit;
}

/** Truncated normal with variance scale/fan. */
function truncatedNormal(W: Float32Array, n: number, scale: number, fan: number, rng: Rng): void {
  const std = Math.sqrt(scale / fan) / TRUNCATED_STD;
  for (let i = 0; i < n; i++) {
    let x = rng.normal();
    while (x < -2 || x > 2) x = rng.normal();
    W[i] = x * std;
  }
}

type Init = (W: Float32Array, fanIn: number, fanOut: number, rng: Rng) => void;

export const initializers: Record<InitializerName, { describe: string; init: Init }> = {
  glorot_uniform: {
    describe: "U(-l, l), l = sqrt(6/(fan_in+fan_out))",
    init: (W, i, o, rng) => uniform(W, i * o, 2, i + o, rng),
  },
  glorot_normal: {
    describe: "truncated N(0, 2/(fan_in+fan_out))",
    init: (W, i, o, rng) => truncatedNormal(W, i * o, 2, i + o, rng),
  },
  he_normal: { describe: "truncated N(0, 2/fan_in)", init: (W, i, o, rng) => truncatedNormal(W, i * o, 2, i, rng) },
  he_uniform: { describe: "U(-l, l), l = sqrt(6/fan_in)", init: (W, i, o, rng) => uniform(W, i * o, 2, i, rng) },
  lecun_normal: { describe: "truncated N(0, 1/fan_in)", init: (W, i, o, rng) => truncatedNormal(W, i * o, 1, i, rng) },
  zeros: { describe: "all zero", init: (W, i, o) => W.fill(0, 0, i * o) },
};

/** Fill W [fanIn][fanOut] by the named rule. */
export function initialize(name: InitializerName, W: Float32Array, fanIn: number, fanOut: number, rng: Rng): void {
  initializers[name].init(W, fanIn, fanOut, rng);
}
