// Binary and multiclass classification metrics with scikit-learn's definitions (checked against
// scikit-learn 1.2 in test/metrics/). Input: the true class index of each row and the predicted
// probabilities [n, k] row-major (binary may also pass one column: the positive class's probability).
//
//   prediction   argmax of the row (first maximum wins, as numpy); one column: positive when p > 0.5
//   accuracy     mean(pred == true)
//   balanced     mean over the classes present in y_true of recall (= the mean of the diagonal of the
//                row-normalised confusion matrix, the lecture's definition)
//   log_loss     -mean ln(p_true), p clipped to [1e-7, 1-1e-7] and each row renormalised to sum 1
//                (scikit-learn's log_loss(eps=1e-7)); `loss` is the same number
//   precision    tp / predicted, recall tp / support, f1 2PR/(P+R); 0 when undefined (zero_division=0)
//                macro: mean over all classes; weighted: by support; micro: from the summed counts
//   roc_auc      binary: from the positive (last) class's scores; multiclass: one-vs-rest per class,
//                {macro, weighted} over the classes where it is defined (present and not the only one)
import { UndefinedLog, f1From, ratio, type UndefinedValue } from "./notes.js";
import { NAN_SCORE, RocScratch, binaryRoc, thin, type RocCurve } from "./roc.js";

/** probabilities are clipped to [EPS, 1 - EPS] before the log (SPEC.md). */
export const LOG_EPS = 1e-7;

/** p clipped to [LOG_EPS, 1 - LOG_EPS]. */
export function clipProb(p: number): number {
  return p < LOG_EPS ? LOG_EPS : p > 1 - LOG_EPS ? 1 - LOG_EPS : p;
}

export interface ClassificationInput {
  /** Class index (0..k-1) of each row. */
  yTrue: Int32Array;
  /** Probabilities [n, k] row-major; for two classes also [n, 1] = the probability of classes[1]. */
  proba: Float32Array;
  /** Class labels, in column order. For binary tasks the positive class is the last one. */
  classes: readonly string[];
  /** Keep at most this many points per ROC curve (default: all, as scikit-learn). */
  maxCurvePoints?: number;
  /** One column (binary): the positive class is predicted when p > threshold. Default 0.5. */
  threshold?: number;
}

export interface Averages {
  macro: number;
  micro: number;
  weighted: number;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
  roc_auc: number | null;
}

export interface ConfusionMatrix {
  labels: string[];
  /** counts[true][predicted] */
  counts: number[][];
  /** Each row divided by its sum; rows without samples are zeros. */
  normalized: number[][];
}

export interface ClassificationMetrics {
  loss: number;
  accuracy: number;
  balanced_accuracy: number;
  log_loss: number;
  precision: Averages;
  recall: Averages;
  f1: Averages;
  /** Binary: a number; multiclass: one-vs-rest averages; null when undefined. */
  roc_auc: number | { macro: number | null; weighted: number | null } | null;
  per_class: Record<string, ClassScores>;
  confusion_matrix: ConfusionMatrix;
  /** Per class (one-vs-rest); null for a class absent from y_true or the only one present. */
  roc_curve: Record<string, RocCurve | null>;
  /** Number of rows scored. */
  support: number;
  undefined: UndefinedValue[];
}

/** Checks shapes; returns the number of probability columns. */
function checkInput(yTrue: Int32Array, proba: Float32Array, k: number): number {
  const n = yTrue.length;
  if (k < 2) throw new RangeError(`classification needs at least 2 classes, got ${k}`);
  if (n === 0) throw new RangeError("classification metrics of 0 rows");
  const cols = proba.length / n;
  if (cols !== k && !(k === 2 && cols === 1))
    throw new RangeError(`proba has ${proba.length} values for ${n} rows and ${k} classes`);
  for (let i = 0; i < n; i++)
    if (!(yTrue[i] >= 0 && yTrue[i] < k)) throw new RangeError(`yTrue[${i}] = ${yTrue[i]} is not a class index < ${k}`);
  return cols;
}

/** Class of row i of [n, cols] probabilities or one-hot targets: argmax (first maximum), or > threshold (0.5) for one column. */
export function predictedClass(proba: Float32Array, i: number, cols: number, threshold = 0.5): number {
  if (cols === 1) return proba[i] > threshold ? 1 : 0;
  const o = i * cols;
  let best = 0;
  for (let c = 1; c < cols; c++) if (proba[o + c] > proba[o + best]) best = c;
  return best;
}

/** -ln p(true) of row i, p clipped to [eps, 1-eps] and the row renormalised (scikit-learn 1.2). */
export function rowLogLoss(proba: Float32Array, i: number, cols: number, t: number): number {
  if (cols === 1) {
    const p1 = clipProb(proba[i]); // scikit-learn clips the column, then appends 1 - p
    const p0 = 1 - p1;
    return -Math.log((t === 1 ? p1 : p0) / (p0 + p1));
  }
  const o = i * cols;
  let sum = 0;
  for (let c = 0; c < cols; c++) sum += clipProb(proba[o + c]);
  return -Math.log(clipProb(proba[o + t]) / sum);
}

/** Precision, recall, F1 and support per class and averaged, from a k×k confusion matrix. */
export function prfFromConfusion(
  counts: ArrayLike<number>,
  k: number,
  labels: readonly string[],
  log: UndefinedLog | null,
): { perClass: Omit<ClassScores, "roc_auc">[]; precision: Averages; recall: Averages; f1: Averages } {
  const perClass: Omit<ClassScores, "roc_auc">[] = [];
  let tpSum = 0;
  let total = 0;
  const weighted = { p: 0, r: 0, f: 0 };
  for (let c = 0; c < k; c++) {
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += counts[c * k + j];
      predicted += counts[j * k + c];
    }
    const tp = counts[c * k + c];
    const at = `per_class.${labels[c]}`;
    if (log && predicted === 0) log.zero(`${at}.precision`, "no row was predicted as this class");
    if (log && support === 0) log.zero(`${at}.recall`, "no row of this class in y_true");
    if (log && predicted === 0 && support === 0) log.zero(`${at}.f1`, "class neither present nor predicted");
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    const f1 = f1From(precision, recall);
    perClass.push({ precision, recall, f1, support });
    weighted.p += precision * support;
    weighted.r += recall * support;
    weighted.f += f1 * support;
    tpSum += tp;
    total += support;
  }
  const mean = (key: "precision" | "recall" | "f1") => perClass.reduce((s, x) => s + x[key], 0) / k;
  const microP = ratio(tpSum, total); // every row is predicted as exactly one class: predicted total = rows
  return {
    perClass,
    precision: { macro: mean("precision"), micro: microP, weighted: ratio(weighted.p, total) },
    recall: { macro: mean("recall"), micro: microP, weighted: ratio(weighted.r, total) },
    f1: { macro: mean("f1"), micro: f1From(microP, microP), weighted: ratio(weighted.f, total) },
  };
}

/** Balanced accuracy from a k×k confusion matrix: mean recall over classes present in y_true. */
export function balancedAccuracyFromConfusion(counts: ArrayLike<number>, k: number): number {
  let sum = 0;
  let present = 0;
  for (let c = 0; c < k; c++) {
    let support = 0;
    for (let j = 0; j < k; j++) support += counts[c * k + j];
    if (support > 0) {
      sum += counts[c * k + c] / support;
      present++;
    }
  }
  return ratio(sum, present);
}

/** Every classification metric of SPEC.md's metrics.json, with scikit-learn's definitions. */
export function classificationMetrics(input: ClassificationInput): ClassificationMetrics {
  const { yTrue, proba, classes } = input;
  const k = classes.length;
  const cols = checkInput(yTrue, proba, k);
  const n = yTrue.length;
  const log = new UndefinedLog();

  const counts = new Float64Array(k * k);
  let correct = 0;
  let logLoss = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i];
    const p = predictedClass(proba, i, cols, input.threshold);
    counts[t * k + p]++;
    if (p === t) correct++;
    logLoss += rowLogLoss(proba, i, cols, t);
  }
  logLoss /= n;

  const prf = prfFromConfusion(counts, k, classes, log);
  const matrix = confusionMatrix(counts, k, classes, log);

  // ROC per class, one-vs-rest. One column: class 1 scores p, class 0 scores 1 - p.
  const scratch = new RocScratch(n);
  const curves: Record<string, RocCurve | null> = {};
  const aucs: (number | null)[] = [];
  let nanScore = false;
  for (let c = 0; c < k; c++) {
    const roc =
      cols === 1
        ? c === 1
          ? binaryRoc(proba, 0, 1, n, (i) => yTrue[i] === 1, scratch)
          : binaryRoc(proba, 0, 1, n, (i) => yTrue[i] === 0, scratch, true)
        : binaryRoc(proba, c, cols, n, (i) => yTrue[i] === c, scratch);
    const why = roc.nan ? NAN_SCORE : roc.positives === 0 ? "class absent from y_true" : "the only class present in y_true";
    nanScore ||= roc.nan;
    curves[classes[c]] = thin(roc.curve, input.maxCurvePoints) ?? log.null(`roc_curve.${classes[c]}`, why);
    aucs.push(roc.auc ?? log.null(`per_class.${classes[c]}.roc_auc`, why));
  }

  let rocAuc: ClassificationMetrics["roc_auc"];
  if (k === 2) {
    rocAuc = aucs[1] ?? log.null("roc_auc", nanScore ? NAN_SCORE : "only one class present in y_true");
  } else {
    let sum = 0;
    let defined = 0;
    let wsum = 0;
    let wtotal = 0;
    for (let c = 0; c < k; c++) {
      const a = aucs[c];
      if (a === null) continue;
      sum += a;
      defined++;
      wsum += a * prf.perClass[c].support;
      wtotal += prf.perClass[c].support;
    }
    rocAuc = {
      macro: defined > 0 ? sum / defined : log.null("roc_auc.macro", nanScore ? NAN_SCORE : "no class has both positives and negatives"),
      weighted: defined > 0 ? wsum / wtotal : log.null("roc_auc.weighted", nanScore ? NAN_SCORE : "no class has both positives and negatives"),
    };
  }

  const perClass: Record<string, ClassScores> = {};
  for (let c = 0; c < k; c++) perClass[classes[c]] = { ...prf.perClass[c], roc_auc: aucs[c] };

  return {
    loss: logLoss,
    accuracy: correct / n,
    balanced_accuracy: balancedAccuracyFromConfusion(counts, k),
    log_loss: logLoss,
    precision: prf.precision,
    recall: prf.recall,
    f1: prf.f1,
    roc_auc: rocAuc,
    per_class: perClass,
    confusion_matrix: matrix,
    roc_curve: curves,
    support: n,
    undefined: log.items,
  };
}

/** counts[true][pred] as nested arrays plus the row-normalised matrix (empty rows → zeros, noted). */
export function confusionMatrix(
  counts: ArrayLike<number>,
  k: number,
  labels: readonly string[],
  log: UndefinedLog | null,
): ConfusionMatrix {
  const rows: number[][] = [];
  const normalized: number[][] = [];
  for (let t = 0; t < k; t++) {
    const row = Array.from({ length: k }, (_, p) => counts[t * k + p]);
    const sum = row.reduce((a, b) => a + b, 0);
    if (sum === 0 && log) log.zero(`confusion_matrix.normalized.${labels[t]}`, "no row of this class in y_true");
    rows.push(row);
    normalized.push(row.map((v) => ratio(v, sum)));
  }
  return { labels: [...labels], counts: rows, normalized };
}
