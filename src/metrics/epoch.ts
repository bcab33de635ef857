// Streaming metrics for the epoch logs: reset() at the start of an epoch, update() after every batch with
// the batch's targets and outputs in the engine's layout, result() at the end. The numbers are those of
// the full metric functions over all the epoch's rows (as Keras's stateful metrics), so accuracy, log_loss,
// mse and mae equal the batch-size-weighted mean of the batch values. State lives in preallocated typed
// arrays: counts for the ratios, running sums for regression, and, only when `auc` is asked for, a copy
// of the epoch's targets and scores (grown by doubling, then reused).
//
// Engine layout (src/engine/index.ts): target and output [rows, outputs] row-major Float32Arrays.
//   binary      outputs = 1: target 0/1, output p(positive); or outputs = 2: one-hot / softmax
//   multiclass  one-hot target, softmax output
//   multilabel  0/1 per label, sigmoid per label (predicted when p > threshold)
//   regression  values
// What a single number means where the report has several (see metricsForTask):
//   precision/recall/f1  binary: of the positive class (the last column); multiclass, multilabel: macro
//   auc                  binary: ROC AUC; multiclass: one-vs-rest macro; multilabel: macro over labels
//   accuracy             multilabel: subset accuracy (scikit-learn's accuracy_score)
//   rmse                 several outputs: the mean of per-output RMSEs (scikit-learn's uniform_average)
import type { MetricName, TaskName } from "../config/schema.js";
import { MltrainError } from "../errors.js";
import { balancedAccuracyFromConfusion, predictedClass, prfFromConfusion, rowLogLoss } from "./classification.js";
import { classIndices } from "./evaluate.js";
import { binaryLogLoss } from "./multilabel.js";
import { f1From, ratio } from "./notes.js";
import { r2From } from "./regression.js";
import { RocScratch, binaryRoc } from "./roc.js";

const classificationMetricNames = [
  "accuracy",
  "balanced_accuracy",
  "precision",
  "recall",
  "f1",
  "auc",
  "log_loss",
] as const satisfies readonly MetricName[];
const multilabelMetricNames = ["accuracy", "precision", "recall", "f1", "auc", "log_loss"] as const satisfies readonly MetricName[];
const regressionMetricNames = ["mse", "rmse", "mae", "r2"] as const satisfies readonly MetricName[];

/** The metric names the epoch logs can show for a task. */
export function metricsForTask(task: TaskName): readonly MetricName[] {
  if (task === "regression") return regressionMetricNames;
  if (task === "multilabel") return multilabelMetricNames;
  return classificationMetricNames;
}

/** The metrics shown when the config names none: accuracy for classification, mae for regression. */
export function defaultMetrics(task: TaskName): MetricName[] {
  return task === "regression" ? ["mae"] : ["accuracy"];
}

export interface EpochMetricsOptions {
  task: TaskName;
  /** Columns of target and output: classes (1 for a sigmoid binary), labels or regression targets. */
  outputs: number;
  /** Metrics to compute; each must be in metricsForTask(task). */
  metrics: readonly MetricName[];
  /** Rows expected per epoch (the store for `auc` grows past it if needed). */
  capacity?: number;
  /** Multilabel: a label is predicted when p > threshold. Default 0.5. */
  threshold?: number;
}

export type EpochMetricValues = Partial<Record<MetricName, number | null>>;

/** Growable copy of the epoch's targets (as ints or floats) and outputs, for ROC AUC. */
class Store {
  target: Float32Array;
  output: Float32Array;
  rows = 0;
  constructor(
    readonly cols: number,
    capacity: number,
  ) {
    this.target = new Float32Array(capacity * cols);
    this.output = new Float32Array(capacity * cols);
  }
  push(target: Float32Array, output: Float32Array, rows: number): void {
    const need = (this.rows + rows) * this.cols;
    if (need > this.target.length) {
      const size = Math.max(need, 2 * this.target.length);
      const t = new Float32Array(size);
      const o = new Float32Array(size);
      t.set(this.target.subarray(0, this.rows * this.cols));
      o.set(this.output.subarray(0, this.rows * this.cols));
      this.target = t;
      this.output = o;
    }
    this.target.set(target.subarray(0, rows * this.cols), this.rows * this.cols);
    this.output.set(output.subarray(0, rows * this.cols), this.rows * this.cols);
    this.rows += rows;
  }
}

/** Streaming epoch metrics for one task; see the file header for what each number means. */
export class EpochMetrics {
  readonly names: readonly MetricName[];
  private readonly task: TaskName;
  private readonly cols: number;
  /** Classes (classification), labels (multilabel) or targets (regression). */
  private readonly k: number;
  private readonly threshold: number;
  private readonly store: Store | null;
  /** classification: k×k confusion; multilabel: [tn, fp, fn, tp] per label; regression: 5 sums per output. */
  private readonly acc: Float64Array;
  private rows = 0;
  private sumLoss = 0;
  private subsetCorrect = 0;

  constructor(opts: EpochMetricsOptions) {
    const allowed = metricsForTask(opts.task);
    for (const name of opts.metrics)
      if (!allowed.includes(name))
        throw new MltrainError(
          "config.invalid",
          `metric "${name}" does not apply to a ${opts.task} task; choose from ${allowed.join(", ")}`,
          { path: "metrics" },
        );
    if (!(opts.outputs >= 1)) throw new RangeError(`outputs must be >= 1, got ${opts.outputs}`);
    if (opts.task === "multiclass" && opts.outputs < 2) throw new RangeError("multiclass needs >= 2 outputs");
    if (opts.task === "binary" && opts.outputs > 2) throw new RangeError("binary has 1 or 2 outputs");
    this.names = [...opts.metrics];
    this.task = opts.task;
    this.cols = opts.outputs;
    const classification = opts.task === "binary" || opts.task === "multiclass";
    this.k = classification && opts.outputs === 1 ? 2 : opts.outputs;
    this.threshold = opts.threshold ?? 0.5;
    const perOutput = opts.task === "regression" ? 5 : opts.task === "multilabel" ? 4 : this.k;
    this.acc = new Float64Array(this.k * perOutput);
    this.store = this.names.includes("auc") ? new Store(this.cols, opts.capacity ?? 1024) : null;
  }

  reset(): void {
    this.acc.fill(0);
    this.rows = 0;
    this.sumLoss = 0;
    this.subsetCorrect = 0;
    if (this.store) this.store.rows = 0;
  }

  /** Adds a batch: the first rows×outputs values of target and output. */
  update(target: Float32Array, output: Float32Array, rows: number): void {
    if (rows <= 0) return;
    if (this.task === "regression") this.updateRegression(target, output, rows);
    else if (this.task === "multilabel") this.updateMultilabel(target, output, rows);
    else this.updateClassification(target, output, rows);
    this.store?.push(target, output, rows);
    this.rows += rows;
  }

  /** The requested metrics over every row since reset(); null where undefined (or no rows). */
  result(): EpochMetricValues {
    const out: EpochMetricValues = {};
    for (const name of this.names) out[name] = this.rows === 0 ? null : this.value(name);
    return out;
  }

  // --- classification: a k×k confusion matrix and the log-loss sum -----------------------------------

  private updateClassification(target: Float32Array, output: Float32Array, rows: number): void {
    const { k, cols } = this;
    for (let i = 0; i < rows; i++) {
      const t = predictedClass(target, i, cols); // the one-hot (or 0/1) target's class
      const p = predictedClass(output, i, cols);
      this.acc[t * k + p]++;
      this.sumLoss += rowLogLoss(output, i, cols, t);
    }
  }

  private classificationValue(name: MetricName): number | null {
    const { k, acc } = this;
    if (name === "log_loss") return this.sumLoss / this.rows;
    if (name === "accuracy") {
      let trace = 0;
      for (let c = 0; c < k; c++) trace += acc[c * k + c];
      return trace / this.rows;
    }
    if (name === "balanced_accuracy") return balancedAccuracyFromConfusion(acc, k);
    if (name === "auc") return this.classificationAuc();
    const prf = prfFromConfusion(acc, k, [], null);
    const key = name as "precision" | "recall" | "f1";
    return k === 2 ? prf.perClass[1][key] : prf[key].macro;
  }

  private classificationAuc(): number | null {
    const s = this.store!;
    const { k, cols } = this;
    const n = s.rows;
    const scratch = new RocScratch(n);
    const idx = classIndices(s.target, n, cols);
    if (cols === 1) return binaryRoc(s.output, 0, 1, n, (i) => idx[i] === 1, scratch).auc;
    if (k === 2) return binaryRoc(s.output, 1, 2, n, (i) => idx[i] === 1, scratch).auc;
    let sum = 0;
    let defined = 0;
    for (let c = 0; c < k; c++) {
      const auc = binaryRoc(s.output, c, cols, n, (i) => idx[i] === c, scratch).auc;
      if (auc !== null) (sum += auc, defined++);
    }
    return defined > 0 ? sum / defined : null;
  }

  // --- multilabel: [tn, fp, fn, tp] per label, exact-match rows, the log-loss sum ---------------------

  private updateMultilabel(target: Float32Array, output: Float32Array, rows: number): void {
    const L = this.k;
    for (let i = 0; i < rows; i++) {
      let rowWrong = 0;
      for (let l = 0; l < L; l++) {
        const t = target[i * L + l] > 0.5 ? 1 : 0;
        const p = output[i * L + l] > this.threshold ? 1 : 0;
        this.acc[l * 4 + t * 2 + p]++;
        rowWrong += t ^ p;
        this.sumLoss += binaryLogLoss(t, output[i * L + l]);
      }
      if (rowWrong === 0) this.subsetCorrect++;
    }
  }

  private multilabelValue(name: MetricName): number | null {
    const L = this.k;
    if (name === "log_loss") return this.sumLoss / (this.rows * L);
    if (name === "accuracy") return this.subsetCorrect / this.rows;
    if (name === "auc") {
      const s = this.store!;
      const scratch = new RocScratch(s.rows);
      let sum = 0;
      let defined = 0;
      for (let l = 0; l < L; l++) {
        const auc = binaryRoc(s.output, l, L, s.rows, (i) => s.target[i * L + l] > 0.5, scratch).auc;
        if (auc !== null) (sum += auc, defined++);
      }
      return defined > 0 ? sum / defined : null;
    }
    let total = 0;
    for (let l = 0; l < L; l++) {
      const [, fp, fn, tp] = this.acc.subarray(l * 4, l * 4 + 4);
      const p = ratio(tp, tp + fp);
      const r = ratio(tp, tp + fn);
      total += name === "precision" ? p : name === "recall" ? r : f1From(p, r);
    }
    return total / L;
  }

  // --- regression: per output [n, mean, M2, Σe², Σ|e|], batches merged with Chan's formula ------------

  private updateRegression(target: Float32Array, output: Float32Array, rows: number): void {
    const k = this.k;
    for (let j = 0; j < k; j++) {
      let mean = 0;
      for (let i = 0; i < rows; i++) mean += target[i * k + j];
      mean /= rows;
      let m2 = 0;
      let se = 0;
      let ae = 0;
      for (let i = 0; i < rows; i++) {
        const y = target[i * k + j];
        const e = y - output[i * k + j];
        m2 += (y - mean) * (y - mean);
        se += e * e;
        ae += Math.abs(e);
      }
      const a = this.acc.subarray(j * 5, j * 5 + 5);
      const n = a[0] + rows;
      const delta = mean - a[1];
      a[2] += m2 + (delta * delta * a[0] * rows) / n;
      a[1] += (delta * rows) / n;
      a[0] = n;
      a[3] += se;
      a[4] += ae;
    }
  }

  private regressionValue(name: MetricName): number | null {
    const k = this.k;
    let total = 0;
    for (let j = 0; j < k; j++) {
      const [n, , m2, se, ae] = this.acc.subarray(j * 5, j * 5 + 5);
      let v: number | null;
      if (name === "mse") v = se / n;
      else if (name === "rmse") v = Math.sqrt(se / n);
      else if (name === "mae") v = ae / n;
      else v = r2From(se, m2, n, "r2", null);
      if (v === null) return null;
      total += v;
    }
    return total / k;
  }

  private value(name: MetricName): number | null {
    if (this.task === "regression") return this.regressionValue(name);
    if (this.task === "multilabel") return this.multilabelValue(name);
    return this.classificationValue(name);
  }
}
