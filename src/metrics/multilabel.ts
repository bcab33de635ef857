// Multilabel metrics: L independent binary labels per row, 0/1 targets and a probability per label.
// A label is predicted when p > threshold (default 0.5, as Keras's binary accuracy). Definitions are
// scikit-learn's on the indicator matrices (checked against scikit-learn 1.2 in test/metrics/):
//   subset_accuracy  accuracy_score: rows whose every label is right
//   hamming_loss     the fraction of wrong labels
//   precision/recall/f1  {micro: from counts summed over labels, macro: mean over labels, weighted: by
//                    support, samples: mean over rows}, zero_division=0
//   roc_auc          {micro: AUC of all (row, label) pairs, macro/weighted: over the labels where defined}
//   log_loss         mean binary cross-entropy over rows and labels, p clipped to [1e-7, 1-1e-7] (Keras's
//                    binary_crossentropy = the mean of scikit-learn's log_loss per label)
import { clipProb } from "./classification.js";
import { UndefinedLog, f1From, ratio, type UndefinedValue } from "./notes.js";
import { NAN_SCORE, RocScratch, binaryRoc, thin, type RocCurve } from "./roc.js";

export interface MultilabelInput {
  /** 0/1 targets [n, L] row-major. */
  yTrue: Float32Array;
  /** Probabilities [n, L] row-major. */
  proba: Float32Array;
  labels: readonly string[];
  /** A label is predicted when p > threshold. Default 0.5. */
  threshold?: number;
  /** Keep at most this many points per ROC curve (default: all, as scikit-learn). */
  maxCurvePoints?: number;
}

export interface MultilabelAverages {
  micro: number;
  macro: number;
  weighted: number;
  samples: number;
}

export interface LabelScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
  roc_auc: number | null;
}

export interface MultilabelMetrics {
  loss: number;
  log_loss: number;
  subset_accuracy: number;
  hamming_loss: number;
  precision: MultilabelAverages;
  recall: MultilabelAverages;
  f1: MultilabelAverages;
  roc_auc: { micro: number | null; macro: number | null; weighted: number | null };
  per_class: Record<string, LabelScores>;
  /** Per label [[tn, fp], [fn, tp]] (scikit-learn's multilabel_confusion_matrix). */
  confusion_matrix: Record<string, number[][]>;
  roc_curve: Record<string, RocCurve | null>;
  support: number;
  undefined: UndefinedValue[];
}

/** Mean binary cross-entropy of one (target, probability) pair, p clipped to [1e-7, 1-1e-7]. */
export function binaryLogLoss(t: number, p: number): number {
  const q = clipProb(p);
  return t > 0.5 ? -Math.log(q) : -Math.log(1 - q);
}

export function multilabelMetrics(input: MultilabelInput): MultilabelMetrics {
  const { yTrue, proba, labels } = input;
  const threshold = input.threshold ?? 0.5;
  const L = labels.length;
  if (L < 1) throw new RangeError("multilabel metrics need at least one label");
  if (yTrue.length !== proba.length || yTrue.length % L !== 0 || yTrue.length === 0)
    throw new RangeError(`yTrue (${yTrue.length}) and proba (${proba.length}) must both be [n, ${L}], n > 0`);
  const n = yTrue.length / L;
  const log = new UndefinedLog();

  // tn, fp, fn, tp per label
  const cm = new Float64Array(L * 4);
  let subsetCorrect = 0;
  let wrong = 0;
  let logLoss = 0;
  const samples = { p: 0, r: 0, f: 0 };
  let emptyRows = 0;
  for (let i = 0; i < n; i++) {
    let tp = 0;
    let nTrue = 0;
    let nPred = 0;
    let rowWrong = 0;
    for (let l = 0; l < L; l++) {
      const t = yTrue[i * L + l] > 0.5 ? 1 : 0;
      const p = proba[i * L + l] > threshold ? 1 : 0;
      cm[l * 4 + t * 2 + p]++;
      tp += t & p;
      nTrue += t;
      nPred += p;
      if (t !== p) rowWrong++;
      logLoss += binaryLogLoss(t, proba[i * L + l]);
    }
    if (rowWrong === 0) subsetCorrect++;
    wrong += rowWrong;
    if (nTrue === 0 && nPred === 0) emptyRows++;
    const rp = ratio(tp, nPred);
    const rr = ratio(tp, nTrue);
    samples.p += rp;
    samples.r += rr;
    samples.f += f1From(rp, rr);
  }
  if (emptyRows > 0)
    for (const m of ["precision", "recall", "f1"])
      log.zero(`${m}.samples`, `${emptyRows} row(s) with no true and no predicted label count as 0`);

  const per: LabelScores[] = [];
  const sum = { tp: 0, pred: 0, support: 0 };
  const scratch = new RocScratch(n);
  const curves: Record<string, RocCurve | null> = {};
  const matrices: Record<string, number[][]> = {};
  for (let l = 0; l < L; l++) {
    const [tn, fp, fn, tp] = cm.subarray(l * 4, l * 4 + 4);
    const at = `per_class.${labels[l]}`;
    if (tp + fp === 0) log.zero(`${at}.precision`, "the label is never predicted");
    if (tp + fn === 0) log.zero(`${at}.recall`, "the label is never true");
    if (tp + fp + fn === 0) log.zero(`${at}.f1`, "the label is neither true nor predicted");
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    const roc = binaryRoc(proba, l, L, n, (i) => yTrue[i * L + l] > 0.5, scratch);
    const why = roc.nan ? NAN_SCORE : roc.positives === 0 ? "the label is never true" : "the label is always true";
    curves[labels[l]] = thin(roc.curve, input.maxCurvePoints) ?? log.null(`roc_curve.${labels[l]}`, why);
    const auc = roc.auc ?? log.null(`${at}.roc_auc`, why);
    per.push({ precision, recall, f1: f1From(precision, recall), support: tp + fn, roc_auc: auc });
    matrices[labels[l]] = [
      [tn, fp],
      [fn, tp],
    ];
    sum.tp += tp;
    sum.pred += tp + fp;
    sum.support += tp + fn;
  }

  const mean = (key: "precision" | "recall" | "f1") => per.reduce((s, x) => s + x[key], 0) / L;
  const weighted = (key: "precision" | "recall" | "f1") =>
    ratio(
      per.reduce((s, x) => s + x[key] * x.support, 0),
      sum.support,
    );
  const microP = ratio(sum.tp, sum.pred);
  const microR = ratio(sum.tp, sum.support);
  if (sum.pred === 0) log.zero("precision.micro", "no label is ever predicted");
  if (sum.support === 0) log.zero("recall.micro", "no label is ever true");

  let aucSum = 0;
  let aucDefined = 0;
  let aucW = 0;
  let aucWTotal = 0;
  for (const x of per)
    if (x.roc_auc !== null) {
      aucSum += x.roc_auc;
      aucDefined++;
      aucW += x.roc_auc * x.support;
      aucWTotal += x.support;
    }
  const microRoc = binaryRoc(proba, 0, 1, n * L, (j) => yTrue[j] > 0.5, new RocScratch(n * L));
  const perClass: Record<string, LabelScores> = {};
  for (let l = 0; l < L; l++) perClass[labels[l]] = per[l];
  logLoss /= n * L;

  return {
    loss: logLoss,
    log_loss: logLoss,
    subset_accuracy: subsetCorrect / n,
    hamming_loss: wrong / (n * L),
    precision: { micro: microP, macro: mean("precision"), weighted: weighted("precision"), samples: samples.p / n },
    recall: { micro: microR, macro: mean("recall"), weighted: weighted("recall"), samples: samples.r / n },
    f1: { micro: f1From(microP, microR), macro: mean("f1"), weighted: weighted("f1"), samples: samples.f / n },
    roc_auc: {
      micro: microRoc.auc ?? log.null("roc_auc.micro", microRoc.nan ? NAN_SCORE : "all labels of all rows are equal"),
      macro: aucDefined > 0 ? aucSum / aucDefined : log.null("roc_auc.macro", microRoc.nan ? NAN_SCORE : "no label has both values"),
      weighted: aucDefined > 0 ? aucW / aucWTotal : log.null("roc_auc.weighted", microRoc.nan ? NAN_SCORE : "no label has both values"),
    },
    per_class: perClass,
    confusion_matrix: matrices,
    roc_curve: curves,
    support: n,
    undefined: log.items,
  };
}
