// The initializer registry: `init:` names of SPEC.md. Each entry's file holds its sampling rule.

export const initializerNames = [
  "glorot_uniform",
  "glorot_normal",
  "he_normal",
  "he_uniform",
  "lecun_normal",
  "zeros",
] as const;
export type InitializerName = (typeof initializerNames)[number];
