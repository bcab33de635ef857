// The kernel interface: every loop over a whole buffer in a training step (matrix products, bias,
// activations, losses, dropout, optimizer updates, norms) goes through one object, so a faster backend
// (WebAssembly SIMD, worker threads) can replace the plain TypeScript one (js.ts) without touching a
// layer, a loss or an optimizer. Matrices are row-major Float32Arrays; `n` counts floats.
//
// Rules for every caller:
// - Buffers that kernels write are created with `alloc`, once (sized for the largest batch), and reused
//   across steps. Read-only operands may be `subarray` views of such buffers.
// - Kernels never allocate, never keep a reference to an operand after returning, and check nothing:
//   shapes are checked once, at construction, by the layer that owns the buffers.
// - Unless a method says otherwise, an output may NOT alias an input. Methods marked "in place ok"
//   allow the output to be the same array as the named input.
// - Scalars that a method returns (loss sums, squared norms) are accumulated in float64.
//
// Stability: methods are only ever added to this interface, never changed (see the git log).
import type { Rng } from "../random.js";

/** Activation names of SPEC.md (same list as activations/index.ts). */
export type ActivationKind =
  | "linear"
  | "relu"
  | "leaky_relu" // slope 0.2 for z < 0 (Keras 3)
  | "elu" // alpha 1: z > 0 ? z : exp(z) - 1
  | "sigmoid"
  | "tanh"
  | "softmax" // per row of `cols`
  | "softplus"; // log(1 + exp(z)), computed stably

/** Loss names of SPEC.md (same list as losses/index.ts). */
export type LossKind = "mse" | "mae" | "binary_crossentropy" | "categorical_crossentropy";

/**
 * A window of kh x kw cells sliding with strides sh x sw over an NHWC image of inH x inW (conv2d's
 * patches, the pooling layers' windows): its output size and top/left padding (layers/window.ts).
 */
export interface Window {
  inH: number;
  inW: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  outH: number;
  outW: number;
  padTop: number;
  padLeft: number;
}

/** Probabilities are clipped to [EPS_PROB, 1 - EPS_PROB] before a log (Keras's epsilon). */
export const EPS_PROB = 1e-7;

export interface Kernels extends Disposable {
  readonly name: string;

  /**
   * Frees what the backend holds beyond ordinary garbage: the wasm one ends its worker threads and drops
   * its WebAssembly.Memory (freed once the arrays from `alloc` are unreachable too), and throws on any
   * later call; the JS one holds nothing. Idempotent; [Symbol.dispose] does the same (`using`). Whoever
   * creates a backend (a run: createKernels) disposes it when what it allocated is no longer used.
   */
  dispose(): void;

  /** A zeroed Float32Array of `length` floats that this backend's kernels can use without copying. */
  alloc(length: number): Float32Array;

  /**
   * Row gather (a shuffled mini-batch): for i < count, dst row i = src row index[i], rows of `width`
   * floats. Fastest when src and dst come from `alloc` (the training table can: loadData's `alloc`).
   */
  gatherRows(count: number, width: number, src: Float32Array, index: Int32Array, dst: Float32Array): void;

  /**
   * gatherRows that may run in the background (the wasm backend's worker thread takes it whenever it
   * has nothing else to do) while this thread goes on; dst must not be read, nor src or index changed,
   * before finishGather(). A backend without threads gathers at once.
   */
  startGatherRows(count: number, width: number, src: Float32Array, index: Int32Array, dst: Float32Array): void;

  /** Returns once the gather started last is complete (doing what is left of it on this thread). */
  finishGather(): void;

  /** Whether the kernels work on `a` in place at full speed (else a model copies it into its own buffer). */
  owns(a: Float32Array): boolean;

  /**
   * General matrix product in the three patterns backprop needs:
   *   C[m,n] = beta*C + op(A)·op(B), op(A) [m,k], op(B) [k,n]
   * transA: A is stored [k,m] (Aᵀ·B, for dW = xᵀ·dy); transB: B is stored [n,k] (A·Bᵀ, for dx = dy·Wᵀ).
   * beta is 0 (overwrite) or 1 (accumulate).
   * A backend may leave out terms whose A factor is 0 (the wasm one does in large Aᵀ·B products): their
   * 0·b is then missing, which changes nothing unless b is infinite or NaN. It may also add the terms in
   * blocks of p (the wasm one sums an A·B whose B has 32K floats or more in two halves of k), but a row
   * of C never depends on the other rows of A, nor on the number of threads.
   */
  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    A: Float32Array,
    B: Float32Array,
    beta: 0 | 1,
    C: Float32Array,
  ): void;

  /** y[r,c] += b[c] for r < rows, c < cols.   y [rows,cols], b [cols] */
  addBias(rows: number, cols: number, b: Float32Array, y: Float32Array): void;

  /** db[c] = beta*db[c] + Σ_r dy[r,c].   dy [rows,cols] -> db [cols]; beta 0 or 1 */
  colSums(rows: number, cols: number, dy: Float32Array, beta: 0 | 1, db: Float32Array): void;

  /**
   * y = f(z) elementwise over rows*cols floats (softmax: per row, max-subtracted). In place ok (y === z).
   * z, y [rows,cols]
   */
  activation(kind: ActivationKind, rows: number, cols: number, z: Float32Array, y: Float32Array): void;

  /**
   * dz = dy ⊙ f'(z), with y = f(z) as computed by `activation` (backends may use either z or y).
   * softmax (per row): dz_i = y_i * (dy_i - Σ_j dy_j y_j). In place ok (dz === dy).
   * z, y, dy, dz [rows,cols]
   */
  activationBackward(
    kind: ActivationKind,
    rows: number,
    cols: number,
    z: Float32Array,
    y: Float32Array,
    dy: Float32Array,
    dz: Float32Array,
  ): void;

  /**
   * Loss on probabilities/values y against targets t, elementwise over rows*cols floats.
   * Returns the SUM over all elements of:
   *   mse (y-t)^2 · mae |y-t| · binary_crossentropy -(t ln p + (1-t) ln(1-p)) · categorical_crossentropy -t ln p
   * with p = clip(y, EPS_PROB, 1-EPS_PROB). If dy is not null, writes dy = scale * ∂(that sum)/∂y:
   *   mse 2(y-t) · mae sign(y-t) (0 at 0) · bce (p-t)/(p(1-p)) · cce -t/p
   * where the two crossentropies' gradient is 0 for y outside the clip range (like a clamp).
   * The caller divides the sum and chooses `scale` to make a mean (1/rows or 1/(rows*cols)).
   */
  loss(
    kind: LossKind,
    rows: number,
    cols: number,
    y: Float32Array,
    t: Float32Array,
    dy: Float32Array | null,
    scale: number,
  ): number;

  /**
   * Fused softmax + categorical crossentropy from logits z, per row:
   *   returns Σ_rows Σ_c t_c * (logsumexp(z_row) - z_c)   (no clipping: exact log-softmax)
   * p = softmax(z) must already be computed (by `activation`); if dz is not null: dz = scale * (p - t).
   * With computeP, p is written here instead, bit-identical to `activation("softmax")` (the exps of the
   * logsumexp are the softmax's: a training step then computes them once, not twice).
   * z, p, t, dz [rows,cols]
   */
  softmaxCrossEntropy(
    rows: number,
    cols: number,
    z: Float32Array,
    p: Float32Array,
    t: Float32Array,
    dz: Float32Array | null,
    scale: number,
    computeP?: boolean,
  ): number;

  /**
   * Fused sigmoid + binary crossentropy from logits z, elementwise over n floats:
   *   returns Σ max(z,0) - z*t + ln(1 + exp(-|z|))
   * p = sigmoid(z) must already be computed; if dz is not null: dz = scale * (p - t).
   */
  sigmoidBinaryCrossEntropy(
    n: number,
    z: Float32Array,
    p: Float32Array,
    t: Float32Array,
    dz: Float32Array | null,
    scale: number,
  ): number;

  /**
   * The three losses above with per-row weights w [rows] (class weights, losses/class_weight.ts): row
   * r's terms are multiplied by w[r] in the returned sum, and its gradient by w[r] (dy = w[r] * scale *
   * ∂(row's sum)/∂y). The caller's scale stays 1/rows (Keras: the weighted sum over the batch size).
   */
  weightedLoss(
    kind: LossKind,
    rows: number,
    cols: number,
    y: Float32Array,
    t: Float32Array,
    dy: Float32Array | null,
    scale: number,
    w: Float32Array,
  ): number;
  weightedSoftmaxCrossEntropy(
    rows: number,
    cols: number,
    z: Float32Array,
    p: Float32Array,
    t: Float32Array,
    dz: Float32Array | null,
    scale: number,
    computeP: boolean,
    w: Float32Array,
  ): number;
  weightedSigmoidBinaryCrossEntropy(
    rows: number,
    cols: number,
    z: Float32Array,
    p: Float32Array,
    t: Float32Array,
    dz: Float32Array | null,
    scale: number,
    w: Float32Array,
  ): number;

  /** out[i] = a[i] * b[i] for i < n (dropout: y = x ⊙ mask, dx = dy ⊙ mask). In place ok (out === a). */
  mul(n: number, a: Float32Array, b: Float32Array, out: Float32Array): void;

  /**
   * Inverted-dropout mask over n floats, drawing exactly n uint32 from rng, in order:
   *   mask[i] = rng.nextU32() >= rate * 2^32 ? 1/(1-rate) : 0
   * (threshold and keep value computed in float64, keep stored as float32). A backend may run
   * xoshiro128** itself from rng.getState() and write the advanced state back with rng.setState():
   * the stream, and so every mask, must stay the same. mask [n]
   */
  dropoutMask(n: number, rate: number, rng: Rng, mask: Float32Array): void;

  /** y[i] += alpha * x[i] for i < n (l2: dW += 2*l2*W). */
  axpy(n: number, alpha: number, x: Float32Array, y: Float32Array): void;

  /** x[i] *= alpha for i < n (gradient clipping). */
  scale(n: number, alpha: number, x: Float32Array): void;

  /** Σ x[i]^2 for i < n, accumulated in float64 (l2 penalty, gradient norms). */
  sumSquares(n: number, x: Float32Array): number;

  /**
   * SGD over n parameters. momentum 0: w -= lr*g (v untouched).
   * Otherwise v = momentum*v + g; w -= lr*v, or with nesterov w -= lr*(g + momentum*v).
   */
  sgdStep(
    n: number,
    w: Float32Array,
    g: Float32Array,
    v: Float32Array,
    lr: number,
    momentum: number,
    nesterov: boolean,
  ): void;

  /**
   * Adam(W) over n parameters, t = step counter from 1:
   *   w *= 1 - decay                       (decay = lr*weight_decay; skipped when 0)
   *   m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g^2
   *   w -= lr * (m/bc1) / (sqrt(v/bc2) + eps)   with bc1 = 1-b1^t, bc2 = 1-b2^t
   * Returns Σ g[i]² (float64, as sumSquares), measured in the same job: a model without clip_norm
   * takes its gradient norms from here instead of a separate pass over g.
   */
  adamStep(
    n: number,
    w: Float32Array,
    g: Float32Array,
    m: Float32Array,
    v: Float32Array,
    lr: number,
    b1: number,
    b2: number,
    eps: number,
    bc1: number,
    bc2: number,
    decay: number,
  ): number;

  /** RMSprop over n parameters: s = rho*s + (1-rho)*g^2; w -= lr*g/(sqrt(s)+eps). */
  rmspropStep(
    n: number,
    w: Float32Array,
    g: Float32Array,
    s: Float32Array,
    lr: number,
    rho: number,
    eps: number,
  ): void;

  /** Adagrad over n parameters: s += g^2; w -= lr*g/(sqrt(s)+eps). */
  adagradStep(n: number, w: Float32Array, g: Float32Array, s: Float32Array, lr: number, eps: number): void;

  /**
   * im2col: the patches of `batch` images x [batch,inH,inW,c] as rows P [batch·outH·outW, kh·kw·c], row
   * (b, oh, ow), column (i·kw + j)·c + ch = x[b, oh·sh + i - padTop, ow·sw + j - padLeft, ch], 0 outside
   * the image. The column order is the HWIO kernel's row order, so a convolution is z = P · W.
   */
  im2col(w: Window, c: number, batch: number, x: Float32Array, P: Float32Array): void;

  /**
   * col2im, im2col's adjoint: dx [batch,inH,inW,c] = 0, then each patch row's values of dP [batch·outH·outW,
   * kh·kw·c] added to the cells it read, patches in row order (so every backend adds in the same order).
   */
  col2im(w: Window, c: number, batch: number, dP: Float32Array, dx: Float32Array): void;

  /**
   * Max pooling of x [batch,inH,inW,c] into y [batch,outH,outW,c], each channel on its own, over the
   * window's cells inside the image: y[o] = x[argmax[o]], argmax[o] the index into x of the first cell
   * (row-major in the window) whose value is greater than every earlier one (the window's first cell
   * when none is greater than -Infinity). argmax [batch·outH·outW·c] is a view of `alloc`'s memory.
   */
  maxPool(w: Window, c: number, batch: number, x: Float32Array, y: Float32Array, argmax: Int32Array): void;

  /** Max pooling's backward pass: dx [batch,inH,inW,c] = 0, then dx[argmax[o]] += dy[o] in order of o. */
  maxPoolBackward(w: Window, c: number, batch: number, dy: Float32Array, argmax: Int32Array, dx: Float32Array): void;

  // Batch normalization over x [rows, C] (channels last), per channel c, in float64 with the float32
  // values promoted exactly; sums run over the rows in order. The Float64Array operands [C] are views
  // of `alloc`'s memory (an alloc of 2C floats viewed as C doubles).

  /** mean_c = (Σ_r x[r,c]) / rows, then sumSq_c = Σ_r (x[r,c] - mean_c)². */
  batchNormStatistics(rows: number, C: number, x: Float32Array, mean: Float64Array, sumSq: Float64Array): void;

  /**
   * h = (x[r,c] - mean_c) · invStd_c;  xhat[r,c] = h;  y[r,c] = (gamma ? gamma_c·h : h) + (beta ? beta_c : 0)
   * (h kept in float64 for y; each result rounded once to float32).
   */
  batchNormForward(
    rows: number,
    C: number,
    x: Float32Array,
    mean: Float64Array,
    invStd: Float64Array,
    gamma: Float32Array | null,
    beta: Float32Array | null,
    xhat: Float32Array,
    y: Float32Array,
  ): void;

  /** sumDy_c = Σ_r dy[r,c], sumDyXhat_c = Σ_r dy[r,c]·xhat[r,c]. */
  batchNormSums(rows: number, C: number, dy: Float32Array, xhat: Float32Array, sumDy: Float64Array, sumDyXhat: Float64Array): void;

  /**
   * dx[r,c] = (gamma ? gamma_c : 1) · (dy[r,c] - meanDy_c - xhat[r,c]·meanDyXhat_c) · invStd_c, evaluated
   * left to right, with meanDy = sumDy / rows and meanDyXhat = sumDyXhat / rows (the caller's).
   */
  batchNormBackward(
    rows: number,
    C: number,
    dy: Float32Array,
    xhat: Float32Array,
    invStd: Float64Array,
    gamma: Float32Array | null,
    meanDy: Float64Array,
    meanDyXhat: Float64Array,
    dx: Float32Array,
  ): void;
}
