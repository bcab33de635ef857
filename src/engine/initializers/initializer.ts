// What every initializer is: a sampling rule for a kernel W [fan_in][fan_out], drawn row-major from the
// seeded Rng (biases always start at zero). A conv kernel [kh][kw][cin][filters] passes its own count
// (fan_in = kh·kw·cin, fan_out = kh·kw·filters, as Keras). Initializers have no options.
import type { Rng } from "../random.js";

export interface Initializer {
  /** One line for `mltrain schema` and docs: the distribution. */
  readonly describe: string;
  /** Fill the first n floats of W (default fanIn·fanOut: a dense kernel [fanIn][fanOut]). */
  init(W: Float32Array, fanIn: number, fanOut: number, rng: Rng, n?: number): void;
}
