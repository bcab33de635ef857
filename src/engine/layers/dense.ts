// Dense: x [batch,in] · W [in,units] + b [units] -> z [batch,units]; y = act(z).
//   backward: dz = dy ⊙ act'(z); dW = xᵀ·dz (+ 2·l2·W); db = Σ_rows dz; dx = dz·Wᵀ
// W [inputs][units] is drawn by `init`, b starts at zero. An input of any shape is read as its flat
// row-major values (in = the product of the shape), as after a flatten. Dense is an output layer
// (layer.ts OutputLayer): it can end a model, and its softmax/sigmoid may fuse with the loss.
import { z } from "zod";
import { activationNames, activations } from "../activations/index.js";
import { initialize, initializerNames } from "../initializers/index.js";
import type { ActivationKind, Kernels } from "../kernels/kernels.js";
import { layerJson, type LayerContext, type LayerJson, type OutputLayer, type Param, type State } from "./layer.js";

export const denseOptions = z
  .strictObject({
    type: z.literal("dense"),
    units: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("Output width. May be omitted on the last layer: then the number of classes or targets."),
    activation: z.enum(activationNames).default("linear").describe("Activation applied to x·W + b."),
    init: z.enum(initializerNames).default("glorot_uniform").describe("Kernel initializer (biases start at zero)."),
    l2: z.number().nonnegative().default(0).describe("Adds l2 * sum(W^2) over this kernel to the loss."),
  })
  .describe("Fully connected layer: y = activation(x·W + b).");
export type DenseOptions = z.output<typeof denseOptions>;

export class Dense implements OutputLayer {
  readonly type = "dense";
  readonly name: string;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly nIn: number;
  readonly nOut: number;
  readonly options: DenseOptions & { units: number };
  readonly params: readonly Param[];
  readonly state: readonly State[] = [];
  readonly W: Param;
  readonly b: Param;
  /** Pre-activation z = x·W + b [maxBatch,units]. */
  readonly z: Float32Array;
  /** Output y = act(z) (the same array as z for a linear activation). */
  readonly y: Float32Array;
  /** ∂L/∂z [maxBatch,units]; a fused loss writes it directly (see backwardFromZ). */
  readonly dz: Float32Array;
  private readonly dx: Float32Array | null;
  private readonly k: Kernels;
  /** The kernel computing the activation (its registry entry's). */
  private readonly act: ActivationKind;
  private x: Float32Array | null = null;

  constructor(options: DenseOptions & { units: number }, ctx: LayerContext) {
    const { kernels: k, nIn, maxBatch } = ctx;
    const units = options.units;
    this.k = k;
    this.act = activations[options.activation].kernel;
    this.options = options;
    this.name = ctx.name;
    this.inputShape = ctx.inputShape;
    this.outputShape = [units];
    this.nIn = nIn;
    this.nOut = units;
    this.W = { name: "kernel", shape: [nIn, units], w: k.alloc(nIn * units), g: k.alloc(nIn * units) };
    this.b = { name: "bias", shape: [units], w: k.alloc(units), g: k.alloc(units) };
    this.params = [this.W, this.b];
    initialize(options.init, this.W.w, nIn, units, ctx.rng);
    this.z = k.alloc(maxBatch * units);
    this.y = options.activation === "linear" ? this.z : k.alloc(maxBatch * units);
    this.dz = k.alloc(maxBatch * units);
    this.dx = ctx.needDx ? k.alloc(maxBatch * nIn) : null;
  }

  get activation(): DenseOptions["activation"] {
    return this.options.activation;
  }

  // x [batch,in] · W [in,units] + b -> z [batch,units]; y = act(z)
  forward(x: Float32Array, batch: number): Float32Array {
    this.forwardLogits(x, batch);
    if (this.y !== this.z) this.k.activation(this.act, batch, this.nOut, this.z, this.y);
    return this.y;
  }

  // z = x·W + b only (forward's first half), y left to a fused loss that computes it (softmax + CE)
  forwardLogits(x: Float32Array, batch: number): Float32Array {
    const { k, nIn, nOut } = this;
    this.x = x;
    k.gemm(false, false, batch, nOut, nIn, x, this.W.w, 0, this.z);
    k.addBias(batch, nOut, this.b.w, this.z);
    return this.z;
  }

  // dz = dy ⊙ act'(z), then as backwardFromZ
  backward(dy: Float32Array, batch: number): Float32Array | null {
    this.k.activationBackward(this.act, batch, this.nOut, this.z, this.y, dy, this.dz);
    return this.backwardFromZ(batch);
  }

  // dW = xᵀ·dz [in,units] (+ 2*l2*W); db = Σ_rows dz; dx = dz·Wᵀ [batch,in]
  backwardFromZ(batch: number): Float32Array | null {
    const { k, nIn, nOut } = this;
    const x = this.x!;
    k.gemm(true, false, nIn, nOut, batch, x, this.dz, 0, this.W.g);
    if (this.options.l2 > 0) k.axpy(nIn * nOut, 2 * this.options.l2, this.W.w, this.W.g);
    k.colSums(batch, nOut, this.dz, 0, this.b.g);
    if (this.dx === null) return null;
    k.gemm(false, true, batch, nIn, nOut, this.dz, this.W.w, 0, this.dx);
    return this.dx;
  }

  penalty(): number {
    const l2 = this.options.l2;
    return l2 > 0 ? l2 * this.k.sumSquares(this.nIn * this.nOut, this.W.w) : 0;
  }

  toConfig(): DenseOptions & { units: number } {
    return { ...this.options };
  }

  toJSON(): LayerJson {
    return layerJson(this.toConfig(), this.params);
  }
}
