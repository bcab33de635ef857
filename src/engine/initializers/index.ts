// The initializer registry: every `init:` name of SPEC.md (dense layers' option), one file each. An
// explicit object, in the order `mltrain schema` lists them; nothing registers itself on import.
import type { Rng } from "../random.js";
import { glorotNormal } from "./glorot_normal.js";
import { glorotUniform } from "./glorot_uniform.js";
import { heNormal } from "./he_normal.js";
import { heUniform } from "./he_uniform.js";
import type { Initializer } from "./initializer.js";
import { lecunNormal } from "./lecun_normal.js";
import { zeros } from "./zeros.js";

const registry = {
  glorot_uniform: glorotUniform,
  glorot_normal: glorotNormal,
  he_normal: heNormal,
  he_uniform: heUniform,
  lecun_normal: lecunNormal,
  zeros,
};
export type InitializerName = keyof typeof registry;
export const initializers: Readonly<Record<InitializerName, Initializer>> = registry;
export const initializerNames = Object.keys(registry) as [InitializerName, ...InitializerName[]];
export type { Initializer } from "./initializer.js";

/** Fill W [fanIn][fanOut] (or its first n floats) by the named rule. */
export function initialize(name: InitializerName, W: Float32Array, fanIn: number, fanOut: number, rng: Rng, n?: number): void {
  initializers[name].init(W, fanIn, fanOut, rng, n);
}
