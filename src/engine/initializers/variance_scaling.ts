// Keras's variance scaling, the sampler behind every initializer but zeros: n values of variance
// scale/fan, where each initializer chooses scale and fan (fan_in, or fan_in + fan_out for glorot).
//
//   uniform:   U(-limit, limit), limit = sqrt(3·scale/fan)
//   truncated: N(0, std²) with values beyond 2 standard deviations redrawn, std = sqrt(scale/fan) / 0.8796
//              (so the variance is still scale/fan)
// The normal ones are TRUNCATED as in Keras, not plain as in PyTorch: SPEC's names and defaults are
// Keras's, so a Keras user gets the distribution they expect.
import type { Rng } from "../random.js";

/** Keras: stddev of the unit normal truncated to [-2, 2]. */
const TRUNCATED_STD = 0.87962566103423978;

/** Uniform in [-limit, limit) with limit = sqrt(3*scale/fan). */
export function uniform(W: Float32Array, n: number, scale: number, fan: number, rng: Rng): void {
  const limit = Math.sqrt((3 * scale) / fan);
  for (let i = 0; i < n; i++) W[i] = (2 * rng.uniform() - 1) * limit;
}

/** Truncated normal with variance scale/fan. */
export function truncatedNormal(W: Float32Array, n: number, scale: number, fan: number, rng: Rng): void {
  const std = Math.sqrt(scale / fan) / TRUNCATED_STD;
  for (let i = 0; i < n; i++) {
    let x = rng.normal();
    while (x < -2 || x > 2) x = rng.normal();
    W[i] = x * std;
  }
}
