// What every optimizer is: a step over the model's parameters with the current learning rate, a step
// counter t (from 1 at the first step) and per-parameter slots (moments), all serialisable to plain JSON.
// Per parameter tensor of n floats: weights w [n], gradient g [n], each slot (v, m, s) [n].
import { MltrainError } from "../../errors.js";
import type { Kernels } from "../kernels/kernels.js";
import type { Param } from "../layers/layer.js";
import { fromFloat32, toFloat32 } from "../tensor.js";

/** Plain-JSON optimizer state for checkpoints: slots[name][paramIndex] = values. */
export interface OptimizerState {
  type: string;
  t: number;
  slots: Record<string, number[][]>;
}

export abstract class Optimizer {
  abstract readonly type: string;
  /** Its parsed `optimizer:` config (defaults filled). */
  abstract readonly options: { readonly type: string };
  /** Steps taken so far (the t of the next step is t + 1). */
  t = 0;
  protected readonly slots: Record<string, Float32Array[]> = {};

  constructor(
    protected readonly k: Kernels,
    protected readonly params: readonly Param[],
    slotNames: readonly string[],
    initial = 0,
  ) {
    for (const s of slotNames) {
      this.slots[s] = params.map((p) => {
        const a = k.alloc(p.w.length);
        if (initial !== 0) a.fill(initial);
        return a;
      });
    }
  }

  /**
   * One update of every parameter from its gradient g, with learning rate lr. With `squares`,
   * squares[i] = Σ g² of parameter i when its update measured it on the way (Adam's kernel does), else
   * NaN (the caller sums those itself).
   */
  step(lr: number, squares?: Float64Array): void {
    this.t += 1;
    for (let i = 0; i < this.params.length; i++) {
      const s = this.update(i, this.params[i], lr);
      if (squares) squares[i] = s;
    }
  }

  /** Updates parameter `index`; returns its Σ g² when the update kernel measured it, else NaN. */
  protected abstract update(index: number, p: Param, lr: number): number;

  /** Its `optimizer:` config, defaults filled: parses back to the same optimizer. */
  toConfig(): { type: string } {
    return { ...this.options };
  }

  getState(): OptimizerState {
    const slots: Record<string, number[][]> = {};
    for (const [name, arrays] of Object.entries(this.slots)) slots[name] = arrays.map((a) => fromFloat32(a));
    return { type: this.type, t: this.t, slots };
  }

  setState(state: OptimizerState): void {
    if (state.type !== this.type) {
      throw new MltrainError("checkpoint.invalid", `optimizer state is for ${state.type}, not ${this.type}`);
    }
    for (const [name, arrays] of Object.entries(this.slots)) {
      const saved = state.slots[name];
      if (!saved || saved.length !== arrays.length || saved.some((s, i) => s.length !== arrays[i].length)) {
        throw new MltrainError("checkpoint.invalid", `optimizer slot "${name}" does not fit the model's parameters`);
      }
      saved.forEach((s, i) => toFloat32(s, arrays[i], 0));
    }
    this.t = state.t;
  }
}
