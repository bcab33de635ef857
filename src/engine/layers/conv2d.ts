// Conv2D (NHWC, Keras's names and defaults), as one matrix product over patches (the kernels' im2col):
//   P = im2col(x) [batch·oh·ow, kh·kw·cin];  z = P · W [kh·kw·cin, filters] + b;  y = act(z)
//   backward: dz = dy ⊙ act'(z); dW = Pᵀ·dz (+ 2·l2·W); db = Σ_rows dz; dP = dz·Wᵀ; dx = col2im(dP)
// W is the HWIO kernel [kh][kw][cin][filters], drawn by `init` with fan_in = kh·kw·cin and fan_out =
// kh·kw·filters (Keras); b starts at zero. y [batch, oh, ow, filters] is z's rows as they are (NHWC).
// The patch buffer is reused for dP (P is not needed once dW is computed); the first layer skips dP.
import { z } from "zod";
import { activationNames, activations } from "../activations/index.js";
import { initialize, initializerNames } from "../initializers/index.js";
import type { ActivationKind, Kernels } from "../kernels/kernels.js";
import { layerJson, type Layer, type LayerContext, type LayerJson, type Param, type ShapeResult, type State } from "./layer.js";
import { imageInputProblem, pair, pairOption, paddingOption, window, windowMisfit, type Window } from "./window.js";

export const conv2dOptions = z
  .strictObject({
    type: z.literal("conv2d"),
    filters: z.number().int().positive().describe("Number of output channels."),
    kernel_size: pairOption.describe("Window height and width: an int or [h, w]."),
    strides: pairOption.default(1).describe("Step of the window: an int or [h, w]."),
    padding: paddingOption.default("valid").describe("valid (no padding) or same (TensorFlow's: output = ceil(input / stride))."),
    activation: z.enum(activationNames).default("linear").describe("Activation applied to the convolution plus bias."),
    init: z.enum(initializerNames).default("glorot_uniform").describe("Kernel initializer, fan_in = kh·kw·in_channels (biases start at zero)."),
    use_bias: z.boolean().default(true).describe("Add a bias per filter."),
    l2: z.number().nonnegative().default(0).describe("Adds l2 * sum(W^2) over this kernel to the loss."),
  })
  .describe("2-D convolution over [h, w, channels] images (NHWC); kernel [kh][kw][in_channels][filters].");
export type Conv2dOptions = z.output<typeof conv2dOptions>;

/** [oh, ow, filters] for an [h, w, c] input, or why that input cannot work. */
export function conv2dShape(o: Conv2dOptions, input: readonly number[]): ShapeResult {
  const notImage = imageInputProblem("conv2d", input);
  if (notImage) return notImage;
  const misfit = windowMisfit(input[0], input[1], pair(o.kernel_size), o.padding, "kernel");
  if (misfit) return { field: "kernel_size", message: misfit };
  const w = window(input[0], input[1], pair(o.kernel_size), pair(o.strides), o.padding);
  return [w.outH, w.outW, o.filters];
}

export class Conv2d implements Layer {
  readonly type = "conv2d";
  readonly name: string;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly nIn: number;
  readonly nOut: number;
  readonly options: Conv2dOptions;
  readonly params: readonly Param[];
  readonly state: readonly State[] = [];
  readonly W: Param;
  readonly b: Param | null;
  readonly window: Window;
  private readonly cin: number;
  /** Rows of K = kh·kw·cin: the patches of the last forward, then dP in backward. */
  private readonly cols: Float32Array;
  private readonly z: Float32Array;
  private readonly y: Float32Array;
  private readonly dz: Float32Array;
  private readonly dx: Float32Array | null;
  private readonly k: Kernels;
  private readonly act: ActivationKind;

  constructor(options: Conv2dOptions, ctx: LayerContext) {
    const { kernels: k, maxBatch } = ctx;
    const [h, w, cin] = ctx.inputShape;
    const f = options.filters;
    const [kh, kw] = pair(options.kernel_size);
    this.k = k;
    this.act = activations[options.activation].kernel;
    this.options = options;
    this.name = ctx.name;
    this.inputShape = ctx.inputShape;
    this.window = window(h, w, [kh, kw], pair(options.strides), options.padding);
    this.outputShape = [this.window.outH, this.window.outW, f];
    this.cin = cin;
    this.nIn = h * w * cin;
    this.nOut = this.window.outH * this.window.outW * f;
    const K = kh * kw * cin;
    this.W = { name: "kernel", shape: [kh, kw, cin, f], w: k.alloc(K * f), g: k.alloc(K * f) };
    this.b = options.use_bias ? { name: "bias", shape: [f], w: k.alloc(f), g: k.alloc(f) } : null;
    this.params = this.b ? [this.W, this.b] : [this.W];
    initialize(options.init, this.W.w, K, kh * kw * f, ctx.rng, K * f);
    const rows = maxBatch * this.window.outH * this.window.outW;
    this.cols = k.alloc(rows * K);
    this.z = k.alloc(rows * f);
    this.y = options.activation === "linear" ? this.z : k.alloc(rows * f);
    this.dz = k.alloc(rows * f);
    this.dx = ctx.needDx ? k.alloc(maxBatch * this.nIn) : null;
  }

  private rows(batch: number): number {
    return batch * this.window.outH * this.window.outW;
  }

  // P = im2col(x); z = P·W + b; y = act(z)
  forward(x: Float32Array, batch: number): Float32Array {
    const { k, W } = this;
    const f = this.options.filters;
    const rows = this.rows(batch);
    const K = W.w.length / f;
    k.im2col(this.window, this.cin, batch, x, this.cols);
    k.gemm(false, false, rows, f, K, this.cols, W.w, 0, this.z);
    if (this.b) k.addBias(rows, f, this.b.w, this.z);
    if (this.y !== this.z) k.activation(this.act, rows, f, this.z, this.y);
    return this.y;
  }

  // dz = dy ⊙ act'(z); dW = Pᵀ·dz (+ 2·l2·W); db = Σ_rows dz; dP = dz·Wᵀ (into P's buffer); dx = col2im(dP)
  backward(dy: Float32Array, batch: number): Float32Array | null {
    const { k, W } = this;
    const f = this.options.filters;
    const rows = this.rows(batch);
    const K = W.w.length / f;
    k.activationBackward(this.act, rows, f, this.z, this.y, dy, this.dz);
    k.gemm(true, false, K, f, rows, this.cols, this.dz, 0, W.g);
    if (this.options.l2 > 0) k.axpy(K * f, 2 * this.options.l2, W.w, W.g);
    if (this.b) k.colSums(rows, f, this.dz, 0, this.b.g);
    if (this.dx === null) return null;
    k.gemm(false, true, rows, K, f, this.dz, W.w, 0, this.cols);
    k.col2im(this.window, this.cin, batch, this.cols, this.dx);
    return this.dx;
  }

  penalty(): number {
    const l2 = this.options.l2;
    return l2 > 0 ? l2 * this.k.sumSquares(this.W.w.length, this.W.w) : 0;
  }

  toConfig(): Conv2dOptions {
    return { ...this.options };
  }

  toJSON(): LayerJson {
    return layerJson(this.toConfig(), this.params);
  }
}
