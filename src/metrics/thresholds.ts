// The precision–recall trade-off of a decision threshold (binary: the positive class; multilabel: every
// label cell pooled, as scikit-learn's micro average). A row is predicted positive when p > T, as the
// metrics and predict decide. Definitions are scikit-learn's precision_score / recall_score / f1_score
// with zero_division=0; the F1-maximising threshold is found over precision_recall_curve's candidates
// (each distinct score s predicts p >= s), and reported as a T with p > T ⟺ p >= s: halfway between s
// and the next lower distinct score (0 below the lowest).

export interface ThresholdScores {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ThresholdReport {
  /** The scores at fixed thresholds (THRESHOLDS, and the one the evaluation used if it is not among them). */
  trade_off: ThresholdScores[];
  /** The threshold that maximises F1 on these rows (the highest such threshold on ties). */
  best_f1: ThresholdScores;
}

export const THRESHOLDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;

function scores(threshold: number, tp: number, predicted: number, positives: number): ThresholdScores {
  const precision = predicted === 0 ? 0 : tp / predicted;
  const recall = positives === 0 ? 0 : tp / positives;
  const f1 = tp === 0 ? 0 : (2 * tp) / (predicted + positives);
  return { threshold, precision, recall, f1 };
}

/** Precision, recall and F1 of predicting p > threshold, over targets t (> 0.5 is positive) and scores p. */
export function scoresAt(t: ArrayLike<number>, p: ArrayLike<number>, threshold: number): ThresholdScores {
  let tp = 0;
  let predicted = 0;
  let positives = 0;
  for (let i = 0; i < p.length; i++) {
    const pos = t[i] > 0.5;
    if (pos) positives++;
    if (p[i] > threshold) {
      predicted++;
      if (pos) tp++;
    }
  }
  return scores(threshold, tp, predicted, positives);
}

/** The trade-off at THRESHOLDS (plus `used`) and the F1-maximising threshold. */
export function thresholdReport(t: ArrayLike<number>, p: ArrayLike<number>, used = 0.5): ThresholdReport {
  const list = THRESHOLDS.includes(used as (typeof THRESHOLDS)[number]) ? [...THRESHOLDS] : [...THRESHOLDS, used].sort((a, b) => a - b);
  const order = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[b] - p[a]);
  let positives = 0;
  for (let i = 0; i < t.length; i++) if (t[i] > 0.5) positives++;
  // sweep the distinct scores from the highest: after a group, every row with p >= its score is predicted
  let tp = 0;
  let best = scores(1, 0, 0, positives);
  for (let j = 0; j < order.length; ) {
    const s = p[order[j]];
    for (; j < order.length && p[order[j]] === s; j++) if (t[order[j]] > 0.5) tp++;
    const next = j < order.length ? p[order[j]] : 0;
    const here = scores((s + next) / 2, tp, j, positives);
    if (here.f1 > best.f1) best = here;
  }
  return { trade_off: list.map((T) => scoresAt(t, p, T)), best_f1: best };
}
