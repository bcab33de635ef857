// What every initializer is: a sampling rule for a kernel W [fan_in][fan_out], drawn row-major from the
// seeded Rng (biases always start at zero). Initializers have no options.
import type { Rng } from "../random.js";

export interface Initializer {
  /** One line for `mltrain schema` and docs: the distribution. */
  readonly describe: string;
  /** Fill W [fanIn][fanOut] (fanIn·fanOut floats). */
  init(W: Float32Array, fanIn: number, fanOut: number, rng: Rng): void;
}
