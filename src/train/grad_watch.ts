// The lecture's vanishing/exploding gradient, watched per layer: after each epoch, the mean gradient
// norm of every layer with parameters (as in history.csv). A layer whose norm collapses below 1e-5 of the
// largest layer norm (or to exactly 0 while others learn) has a vanishing gradient; a norm above 1e4 or
// 1000x its first-epoch value has exploded. Each layer warns once per kind and restart.

export type GradientProblem = "vanishing_gradient" | "exploding_gradient";

export interface GradientWarning {
  kind: GradientProblem;
  layer: string;
  epoch: number;
  norm: number;
  message: string;
}

export const VANISHING_RATIO = 1e-5;
export const EXPLODING_NORM = 1e4;
export const EXPLODING_GROWTH = 1000;

export class GradientWatch {
  private readonly first: (number | null)[];
  private readonly warned = new Set<string>();

  /** `layers`: names of the layers watched (those with parameters). */
  constructor(readonly layers: readonly string[]) {
    this.first = layers.map(() => null);
  }

  /** Warnings for an epoch's mean per-layer norms (same order as `layers`). */
  check(epoch: number, norms: ArrayLike<number>): GradientWarning[] {
    const out: GradientWarning[] = [];
    let max = 0;
    for (let i = 0; i < norms.length; i++) if (norms[i] > max) max = norms[i];
    this.layers.forEach((layer, i) => {
      const n = norms[i];
      if (this.first[i] === null && Number.isFinite(n)) this.first[i] = n;
      const first = this.first[i] ?? n;
      if (max > 0 && n < VANISHING_RATIO * max) {
        out.push(...this.warn("vanishing_gradient", layer, epoch, n,
          `gradient norm of layer ${layer} collapsed to ${n.toExponential(1)} (largest layer: ${max.toExponential(1)}) at epoch ${epoch}: ` +
            `vanishing gradient; try relu/leaky_relu hidden activations with he_normal init, fewer layers, or data.normalize: standard`));
      } else if (n > EXPLODING_NORM || (first > 0 && n > EXPLODING_GROWTH * first && n > 1)) {
        out.push(...this.warn("exploding_gradient", layer, epoch, n,
          `gradient norm of layer ${layer} blew up to ${n.toExponential(1)} at epoch ${epoch}: ` +
            `exploding gradient; lower optimizer.learning_rate or set training.clip_norm (e.g. 1.0)`));
      }
    });
    return out;
  }

  private warn(kind: GradientProblem, layer: string, epoch: number, norm: number, message: string): GradientWarning[] {
    const key = `${kind}:${layer}`;
    if (this.warned.has(key)) return [];
    this.warned.add(key);
    return [{ kind, layer, epoch, norm, message }];
  }
}
