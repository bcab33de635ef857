// Sequential: a stack of layers trained by backpropagation. One train step = forward, loss (+ l2
// penalties), backward through every layer, per-layer gradient norms, optional global clip_norm, one
// optimizer step. Every buffer is allocated once for `maxBatch` rows; a step allocates nothing.
// Each layer is built from the previous one's output shape (the first from the data's sample shape).
// The last layer must have the output capability (layers/layer.ts OutputLayer) for a fused loss.
import { MltrainError } from "../errors.js";
import type { Kernels } from "./kernels/kernels.js";
import {
  isOutputLayer,
  isShapeProblem,
  layerShape,
  layers as layerRegistry,
  outputOptions,
  type Layer,
  type LayerContext,
  type LayerJson,
  type LayerOptions,
  type OutputLayer,
  type Param,
  type State,
} from "./layers/index.js";
import { loadLayerWeights, parseLayer, type WeightsErrorCode } from "./model_json.js";
import { resolveUnits } from "./model_shapes.js";
import { createLoss, lossDivisor, lossSum, type Loss, type LossName } from "./losses/index.js";
import { rowWeights } from "./losses/class_weight.js";
import { createOptimizer, type Optimizer, type OptimizerOptions } from "./optimizers/index.js";
import { Rng } from "./random.js";
import { sizeOf } from "./tensor.js";

export interface ModelOptions {
  /** Number of input values per sample (the product of inputShape). */
  nIn: number;
  /** Shape of one input sample (default [nIn]): [features] for a CSV row, [h, w, 1] for an IDX image. */
  inputShape?: readonly number[];
  /** Number of outputs (classes or targets): fills the output layer's `units` when omitted. */
  nOut: number;
  /** Largest batch any call will use (training batch size, or a chunk size for predict). */
  maxBatch: number;
  kernels: Kernels;
  /** Draws the initial weights (in layer order, W row-major) and the dropout masks. */
  rng: Rng;
  /** Needed by trainStep and evaluateLoss. */
  loss?: LossName;
  /** Needed by trainStep. */
  optimizer?: OptimizerOptions;
  /** Global gradient-norm clipping as torch.nn.utils.clip_grad_norm_ (null/undefined: none). */
  clipNorm?: number | null;
  /**
   * Keras's class_weight for trainStep (losses/class_weight.ts): one weight per output column (one-hot
   * classes), or [negative, positive] for a single 0/1 output. evaluateLoss (val_loss) stays unweighted.
   */
  classWeight?: readonly number[] | null;
}

/** One row of a Keras-like summary table. */
export interface SummaryRow {
  name: string;
  type: string;
  /** [null, ...sample shape]: null is the batch dimension ("None" in Keras). */
  outputShape: [null, ...number[]];
  /** Trainable and non-trainable values (Keras's "Param #"). */
  params: number;
  /** The non-trainable part of params (batch_norm's moving statistics). */
  nonTrainable: number;
}

export class Sequential {
  readonly layers: readonly Layer[];
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly nIn: number;
  readonly nOut: number;
  readonly maxBatch: number;
  readonly kernels: Kernels;
  readonly rng: Rng;
  readonly loss: Loss | null;
  readonly optimizer: Optimizer | null;
  readonly clipNorm: number | null;
  /** Every trainable parameter, in layer order (kernel then bias). */
  readonly params: readonly Param[];
  /** Every non-trainable tensor, in layer order: never stepped by the optimizer. */
  readonly state: readonly State[];
  /** Kernel-owned input buffer [maxBatch,nIn]: fill it and pass it to skip a copy. */
  readonly input: Float32Array;
  /** Kernel-owned target buffer [maxBatch,nOut]: fill it and pass it to skip a copy. */
  readonly target: Float32Array;
  /** L2 norm of each layer's gradient (all its parameters, l2 term included, before clipping) after the last trainStep; 0 for layers without parameters. */
  readonly gradNorms: Float64Array;
  /** Σ g² per parameter (params order) as the optimizer's step measured it, NaN where it did not. */
  private readonly squares: Float64Array;
  /** Global gradient norm (before clipping) after the last trainStep. */
  gradNorm = 0;
  /** Whether the output layer's activation is computed together with the loss (softmax+CE, sigmoid+BCE). */
  readonly fused: boolean;
  /** The last layer when it has the output capability (it always has in a config-built model). */
  readonly outputLayer: OutputLayer | null;
  private readonly dOut: Float32Array;
  /** Per-class weights and the per-row weights [maxBatch] filled from each batch's targets (null: unweighted). */
  private readonly classWeight: Float32Array | null;
  private readonly rowWeight: Float32Array | null;
  /** The outputs [batch,nOut] of the last trainStep (for training metrics). */
  private lastY: Float32Array;

  constructor(layerOptions: readonly LayerOptions[], opts: ModelOptions) {
    const { nIn, nOut, maxBatch, kernels, rng } = opts;
    const inputShape = opts.inputShape ?? [nIn];
    if (sizeOf(inputShape) !== nIn) throw new Error(`inputShape [${inputShape.join(", ")}] does not hold nIn = ${nIn} values`);
    if (layerOptions.length === 0) throw new MltrainError("config.invalid", "model.layers: at least one layer is needed");
    const resolved = resolveUnits(layerOptions, nOut);
    const counts: Record<string, number> = {};
    const built: Layer[] = [];
    let shape = inputShape;
    resolved.forEach((o, i) => {
      const n = counts[o.type] ?? 0;
      counts[o.type] = n + 1;
      const out = layerShape(o, shape);
      if (isShapeProblem(out)) throw new MltrainError("config.invalid", out.message, { path: `model.layers.${i}.${out.field}` });
      // dx only feeds the params of the layers before; with none (a leading reshape), it is never read
      const needDx = built.some((l) => l.params.length > 0);
      const ctx: LayerContext = {
        kernels, inputShape: shape, nIn: sizeOf(shape), maxBatch, rng, needDx, name: n === 0 ? o.type : `${o.type}_${n}`,
      };
      const entry = layerRegistry[o.type] as { create: (o: LayerOptions, c: LayerContext) => Layer };
      const layer = entry.create(o, ctx);
      built.push(layer);
      shape = layer.outputShape;
    });
    this.layers = built;
    const last = built[built.length - 1];
    this.outputLayer = isOutputLayer(last) ? last : null;
    this.inputShape = inputShape;
    this.outputShape = shape;
    this.nIn = nIn;
    this.nOut = last.nOut;
    this.maxBatch = maxBatch;
    this.kernels = kernels;
    this.rng = rng;
    this.params = built.flatMap((l) => l.params);
    this.state = built.flatMap((l) => l.state);
    this.input = kernels.alloc(maxBatch * nIn);
    this.target = kernels.alloc(maxBatch * this.nOut);
    this.dOut = kernels.alloc(maxBatch * this.nOut);
    this.lastY = this.dOut;
    this.gradNorms = new Float64Array(built.length);
    this.squares = new Float64Array(this.params.length);
    this.loss = opts.loss ? createLoss(opts.loss) : null;
    this.fused = this.loss !== null && this.outputLayer !== null && this.outputLayer.activation === this.loss.fusedWith;
    this.optimizer = opts.optimizer ? createOptimizer(opts.optimizer, this.params, kernels) : null;
    this.clipNorm = opts.clipNorm ?? null;
    const cw = opts.classWeight ?? null;
    if (cw !== null && cw.length !== (this.nOut === 1 ? 2 : this.nOut)) {
      throw new Error(`classWeight has ${cw.length} weights; ${this.nOut} outputs need ${this.nOut === 1 ? 2 : this.nOut}`);
    }
    this.classWeight = cw === null ? null : Float32Array.from(cw);
    this.rowWeight = cw === null ? null : new Float32Array(maxBatch);
  }

  /** Outputs (probabilities after softmax/sigmoid, else values) of `batch` rows x [batch,nIn] -> [batch,nOut] (a view of an internal buffer, valid until the next call). */
  forward(x: Float32Array, batch: number, training: boolean): Float32Array {
    this.checkBatch(batch);
    let h = this.stage(this.input, x, batch * this.nIn);
    for (const layer of this.layers) h = layer.forward(h, batch, training);
    return h;
  }

  // forward(x, batch, true) up to the last layer's logits z; its y is then left to the fused loss
  private forwardToLogits(x: Float32Array, batch: number): Float32Array {
    this.checkBatch(batch);
    let h = this.stage(this.input, x, batch * this.nIn);
    const n = this.layers.length - 1;
    for (let i = 0; i < n; i++) h = this.layers[i].forward(h, batch, true);
    return this.outputLayer!.forwardLogits(h, batch);
  }

  /** The outputs [batch,nOut] of the last trainStep (probabilities or values; valid until the next call). */
  get trainOutputs(): Float32Array {
    return this.lastY;
  }

  /**
   * One optimizer step on `batch` rows: x [batch,nIn], t [batch,nOut], learning rate lr.
   * Returns the batch loss as Keras reports it: the mean loss (class-weighted with classWeight) plus
   * Σ l2·ΣW² (weights before the step).
   */
  trainStep(x: Float32Array, t: Float32Array, batch: number, lr: number): number {
    const { loss, optimizer, kernels: k } = this;
    if (!loss || !optimizer) throw new Error("Sequential.trainStep needs the `loss` and `optimizer` options");
    // fused with a loss that computes the activation itself: the last layer's forward stops at z
    const deferAct = this.fused && loss.computesP === true;
    const y = deferAct ? this.forwardToLogits(x, batch) : this.forward(x, batch, true);
    const target = this.stage(this.target, t, batch * this.nOut);
    const out = this.fused ? this.outputLayer! : null;
    this.lastY = out ? out.y : y;
    const w = this.rowWeight;
    if (w !== null) rowWeights(batch, this.nOut, target, this.classWeight!, w);
    const sum = out
      ? lossSum(k, loss, true, batch, this.nOut, out.z, out.y, target, out.dz, deferAct, w)
      : lossSum(k, loss, false, batch, this.nOut, y, y, target, this.dOut, false, w);
    const value = sum / lossDivisor(loss, batch, this.nOut) + this.penalty();
    if (out) this.backward(out.backwardFromZ(batch), this.layers.length - 2, batch);
    else this.backward(this.dOut, this.layers.length - 1, batch);
    if (this.clipNorm !== null) {
      this.measureNorms(null);
      this.clip(this.clipNorm);
      optimizer.step(lr);
    } else {
      // the norms only report: Adam's kernel sums g² in its own job (no separate pass over g)
      optimizer.step(lr, this.squares);
      this.measureNorms(this.squares);
    }
    return value;
  }

  /** Predictions for `rows` rows of x [rows,nIn], in chunks of maxBatch, into out [rows,nOut] (allocated if not given). Dropout off. */
  predict(x: Float32Array, rows: number, out?: Float32Array): Float32Array {
    const result = out ?? new Float32Array(rows * this.nOut);
    for (let r = 0; r < rows; r += this.maxBatch) {
      const b = Math.min(this.maxBatch, rows - r);
      const y = this.forward(x.subarray(r * this.nIn, (r + b) * this.nIn), b, false);
      result.set(y.subarray(0, b * this.nOut), r * this.nOut);
    }
    return result;
  }

  /**
   * Mean loss over `rows` rows (dropout off) plus the l2 penalties, as Keras's val_loss. With `out`
   * [rows,nOut], also the predictions (as predict's, from the same forward pass: no second pass).
   */
  evaluateLoss(x: Float32Array, t: Float32Array, rows: number, out?: Float32Array): number {
    const loss = this.loss;
    if (!loss) throw new Error("Sequential.evaluateLoss needs the `loss` option");
    let sum = 0;
    for (let r = 0; r < rows; r += this.maxBatch) {
      const b = Math.min(this.maxBatch, rows - r);
      const y = this.forward(x.subarray(r * this.nIn, (r + b) * this.nIn), b, false);
      if (out) out.set(y.subarray(0, b * this.nOut), r * this.nOut);
      const target = this.stage(this.target, t.subarray(r * this.nOut, (r + b) * this.nOut), b * this.nOut);
      const z = this.fused ? this.outputLayer!.z : y;
      sum += lossSum(this.kernels, loss, this.fused, b, this.nOut, z, y, target, null);
    }
    return sum / lossDivisor(loss, rows, this.nOut) + this.penalty();
  }

  /** Σ over layers of l2 · Σ W². */
  penalty(): number {
    let p = 0;
    for (const layer of this.layers) p += layer.penalty();
    return p;
  }

  /** Trainable parameters per layer. */
  paramCounts(): number[] {
    return this.layers.map((l) => l.params.reduce((s, p) => s + p.w.length, 0));
  }

  summary(): SummaryRow[] {
    const counts = this.paramCounts();
    return this.layers.map((l, i) => {
      const nonTrainable = l.state.reduce((s, t) => s + t.w.length, 0);
      return { name: l.name, type: l.type, outputShape: [null, ...l.outputShape], params: counts[i] + nonTrainable, nonTrainable };
    });
  }

  /** SPEC's model.json `layers`: [{type, ...options, weights: {kernel: [[..]], bias: [..], ...state}}]. */
  toJSON(): LayerJson[] {
    return this.layers.map((l) => l.toJSON());
  }

  /** A model with the architecture and weights of a model.json `layers` array (bad entries: model.bad_format). */
  static fromJSON(layersJson: readonly LayerJson[], opts: Omit<ModelOptions, "nOut" | "rng"> & { rng?: Rng }): Sequential {
    if (!Array.isArray(layersJson) || layersJson.length === 0) {
      throw new MltrainError("model.bad_format", "model.json: `layers` must be a non-empty array");
    }
    const options = layersJson.map((l, i) => parseLayer(l, i));
    const output = [...options].reverse().map(outputOptions).find((o) => o !== null);
    const nOut = output?.units ?? opts.nIn;
    const model = new Sequential(options, { ...opts, nOut, rng: opts.rng ?? new Rng(0) });
    model.loadWeights(layersJson, "model.bad_format", "model.json");
    return model;
  }

  /**
   * Copy the weights of a saved `layers` array (warm start, `model.init_from`, checkpoints). The
   * architecture must match: same layer types and weight shapes, else an MltrainError naming the layer.
   */
  loadWeights(
    layersJson: readonly LayerJson[],
    code: WeightsErrorCode = "config.invalid",
    source = "init_from",
  ): void {
    loadLayerWeights(this.layers, layersJson, code, source);
  }

  // Backpropagate dy (∂L/∂output of layer `from`) down to the first layer.
  private backward(dy: Float32Array | null, from: number, batch: number): void {
    let g = dy;
    for (let i = from; i >= 0 && g !== null; i--) g = this.layers[i].backward(g, batch);
  }

  // Per-layer and global gradient norms (before clipping), from known[j] = Σ g² of parameter j where it
  // is a number (the optimizer's step measured it: g is not changed by a step), else summed here.
  private measureNorms(known: Float64Array | null): void {
    const k = this.kernels;
    let total = 0;
    let j = 0;
    for (let i = 0; i < this.layers.length; i++) {
      let s = 0;
      for (const p of this.layers[i].params) {
        const q = known === null ? NaN : known[j];
        s += Number.isNaN(q) ? k.sumSquares(p.g.length, p.g) : q;
        j++;
      }
      this.gradNorms[i] = Math.sqrt(s);
      total += s;
    }
    this.gradNorm = Math.sqrt(total);
  }

  // g *= clip/(norm + 1e-6) when that is < 1 (torch.nn.utils.clip_grad_norm_), after measureNorms.
  private clip(clipNorm: number): void {
    const coef = clipNorm / (this.gradNorm + 1e-6);
    if (coef < 1) for (const p of this.params) this.kernels.scale(p.g.length, coef, p.g);
  }

  // src itself when the kernels work on it in place (any array for the JS backend; a view of the wasm
  // backend's memory, such as a batch the Batcher gathered there), else a copy of its first n floats in
  // `buffer` (TypedArray.set: one memcpy).
  private stage(buffer: Float32Array, src: Float32Array, n: number): Float32Array {
    if (src === buffer || this.kernels.owns(src)) return src;
    buffer.set(src.length === n ? src : src.subarray(0, n));
    return buffer;
  }

  private checkBatch(batch: number): void {
    if (!(batch >= 1 && batch <= this.maxBatch)) {
      throw new Error(`batch of ${batch} rows is outside 1..maxBatch (${this.maxBatch})`);
    }
  }
}
