// The ROC curve and its area for one binary problem, exactly as scikit-learn's roc_curve
// (drop_intermediate=True) and roc_auc_score compute them:
//   thresholds = the distinct scores, descending; at each, tps/fps = positives/negatives scoring >= it
//   (tied scores move together: one diagonal step, which is how ties are handled); collinear interior
//   points are dropped; a first point (0, 0) is added with threshold max + 1 (scikit-learn 1.2; ≥ 1.3
//   uses +Infinity, which JSON cannot hold); fpr = fps / negatives, tpr = tps / positives;
//   AUC = the trapezoidal area under (fpr, tpr).
// Instead of an argsort with a comparator, positive and negative scores are sorted separately (native
// typed-array sort) and merged from the top: O(n log n), no per-sample objects.

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  thresholds: number[];
}

/** Reusable scratch buffers for rocCounts, sized for up to `capacity` rows. */
export class RocScratch {
  pos: Float32Array;
  neg: Float32Array;
  constructor(capacity = 0) {
    this.pos = new Float32Array(capacity);
    this.neg = new Float32Array(capacity);
  }
  ensure(n: number): void {
    if (this.pos.length < n) {
      this.pos = new Float32Array(n);
      this.neg = new Float32Array(n);
    }
  }
}

/** fps/tps at each distinct threshold, descending (scikit-learn's _binary_clf_curve). */
interface Counts {
  fps: Float64Array;
  tps: Float64Array;
  thresholds: Float64Array;
  m: number;
  positives: number;
  negatives: number;
  /** A score is NaN: no order, no thresholds (m = 0). */
  nan: boolean;
}

/**
 * Sorted counts for the scores `score(i)` of rows i < n, positive when isPos(i).
 * The score of row i is s[offset + i*stride] (a column of a row-major matrix).
 */
function rocCounts(
  s: Float32Array,
  offset: number,
  stride: number,
  n: number,
  isPos: (i: number) => boolean,
  scratch: RocScratch,
  complement: boolean,
): Counts {
  scratch.ensure(n);
  let np = 0;
  let nn = 0;
  let nan = false;
  for (let i = 0; i < n; i++) {
    const v = complement ? -s[offset + i * stride] : s[offset + i * stride];
    if (v !== v) nan = true;
    if (isPos(i)) scratch.pos[np++] = v;
    else scratch.neg[nn++] = v;
  }
  if (nan) return { fps: new Float64Array(0), tps: new Float64Array(0), thresholds: new Float64Array(0), m: 0, positives: np, negatives: nn, nan };
  const pos = scratch.pos.subarray(0, np).sort();
  const neg = scratch.neg.subarray(0, nn).sort();
  const fps = new Float64Array(n);
  const tps = new Float64Array(n);
  const thresholds = new Float64Array(n);
  let i = np - 1;
  let j = nn - 1;
  let tp = 0;
  let fp = 0;
  let m = 0;
  while (i >= 0 || j >= 0) {
    const t = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
    while (i >= 0 && pos[i] === t) (tp++, i--);
    while (j >= 0 && neg[j] === t) (fp++, j--);
    fps[m] = fp;
    tps[m] = tp;
    thresholds[m] = complement ? 1 + t : t; // 1 - p, exact in float64 for a float32 p
    m++;
  }
  return { fps, tps, thresholds, m, positives: np, negatives: nn, nan };
}

/** The curve after drop_intermediate and the extra (0, 0) point; fpr/tpr null when undefined. */
function curveFrom(c: Counts): { fps: number[]; tps: number[]; thresholds: number[] } {
  const { fps, tps, thresholds, m } = c;
  const keep: number[] = [];
  for (let k = 0; k < m; k++) {
    const interior = m > 2 && k > 0 && k < m - 1;
    if (!interior) keep.push(k);
    else if (fps[k + 1] - 2 * fps[k] + fps[k - 1] !== 0 || tps[k + 1] - 2 * tps[k] + tps[k - 1] !== 0) keep.push(k);
  }
  const outF = [0];
  const outT = [0];
  const outThr = [m > 0 ? thresholds[0] + 1 : 1];
  for (const k of keep) {
    outF.push(fps[k]);
    outT.push(tps[k]);
    outThr.push(thresholds[k]);
  }
  return { fps: outF, tps: outT, thresholds: outThr };
}

/** Trapezoidal area under y(x), as numpy.trapz. */
export function trapezoid(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let k = 1; k < x.length; k++) area += ((x[k] - x[k - 1]) * (y[k] + y[k - 1])) / 2;
  return area;
}

/** The reason a ROC value is null when a score is NaN (listed in the metrics' `undefined`). */
export const NAN_SCORE = "a score is NaN (the model's output is not a number)";

export interface BinaryRoc {
  /** null when y_true has only one class (the curve's fpr or tpr would be 0/0) or a score is NaN. */
  curve: RocCurve | null;
  auc: number | null;
  positives: number;
  negatives: number;
  /** A score is NaN (scikit-learn refuses such input): NaN has no place in the order of the scores. */
  nan: boolean;
}

/**
 * ROC curve and AUC of the column scores s[offset + i*stride], i < n, positives where isPos(i).
 * With `complement` the scores are 1 - s (sorted as -s, so no float32 rounding merges scores).
 * Null curve and AUC when all rows are positive or all negative, or when a score is NaN.
 */
export function binaryRoc(
  s: Float32Array,
  offset: number,
  stride: number,
  n: number,
  isPos: (i: number) => boolean,
  scratch: RocScratch = new RocScratch(n),
  complement = false,
): BinaryRoc {
  const counts = rocCounts(s, offset, stride, n, isPos, scratch, complement);
  const { positives: P, negatives: N, nan } = counts;
  if (P === 0 || N === 0 || nan) return { curve: null, auc: null, positives: P, negatives: N, nan };
  const c = curveFrom(counts);
  const fpr = c.fps.map((v) => v / N);
  const tpr = c.tps.map((v) => v / P);
  return { curve: { fpr, tpr, thresholds: c.thresholds }, auc: trapezoid(fpr, tpr), positives: P, negatives: N, nan };
}

/**
 * At most `maxPoints` points of a curve for plots: evenly spaced indices, always keeping the first and
 * last points. The AUC is computed before thinning, from the full curve.
 */
export function thinCurve(curve: RocCurve, maxPoints: number): RocCurve {
  const m = curve.fpr.length;
  if (m <= maxPoints || maxPoints < 2) return curve;
  const pick = Array.from({ length: maxPoints }, (_, j) => Math.round((j * (m - 1)) / (maxPoints - 1)));
  return {
    fpr: pick.map((i) => curve.fpr[i]),
    tpr: pick.map((i) => curve.tpr[i]),
    thresholds: pick.map((i) => curve.thresholds[i]),
  };
}

/** thinCurve when a limit is given; a null curve stays null. */
export function thin(curve: RocCurve | null, maxPoints: number | undefined): RocCurve | null {
  return curve && maxPoints !== undefined ? thinCurve(curve, maxPoints) : curve;
}
