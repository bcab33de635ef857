// The activation registry: every `activation:` name of SPEC.md (dense layers' option), one file each.
// An explicit object, in the order `mltrain schema` lists them; nothing registers itself on import.
import type { ActivationKind } from "../kernels/kernels.js";
import type { Activation } from "./activation.js";
import { elu } from "./elu.js";
import { leakyRelu } from "./leaky_relu.js";
import { linear } from "./linear.js";
import { relu } from "./relu.js";
import { sigmoid } from "./sigmoid.js";
import { softmax } from "./softmax.js";
import { softplus } from "./softplus.js";
import { tanh } from "./tanh.js";

const registry = {
  linear,
  relu,
  leaky_relu: leakyRelu,
  elu,
  sigmoid,
  tanh,
  softmax,
  softplus,
};
export type ActivationName = keyof typeof registry;
export const activations: Readonly<Record<ActivationName, Activation>> = registry;
export const activationNames = Object.keys(registry) as [ActivationName, ...ActivationName[]];
export type { Activation } from "./activation.js";

// The kernel interface names the same list (compile-time check both ways).
const _sameNames: [ActivationName, ActivationKind] = ["linear" as ActivationKind, "linear" as ActivationName];
void _sameNames;
