// What a layer without tensors (reshape, flatten, dropout, the pooling layers) shares: its name and
// shapes from the context, no params, no state, no penalty, and a model.json entry that is its config.
import { sizeOf } from "../tensor.js";
import type { Layer, LayerContext, LayerJson, Param, State } from "./layer.js";

export abstract class TensorlessLayer<O extends { type: string }> implements Layer {
  abstract readonly type: string;
  readonly name: string;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly nIn: number;
  readonly nOut: number;
  readonly params: readonly Param[] = [];
  readonly state: readonly State[] = [];
  readonly options: O;

  constructor(options: O, ctx: LayerContext, outputShape: readonly number[]) {
    this.options = options;
    this.name = ctx.name;
    this.inputShape = ctx.inputShape;
    this.outputShape = outputShape;
    this.nIn = ctx.nIn;
    this.nOut = sizeOf(outputShape);
  }

  abstract forward(x: Float32Array, batch: number, training: boolean): Float32Array;
  abstract backward(dy: Float32Array, batch: number): Float32Array | null;

  penalty(): number {
    return 0;
  }

  toConfig(): O {
    return { ...this.options };
  }

  toJSON(): LayerJson {
    return this.toConfig();
  }
}
