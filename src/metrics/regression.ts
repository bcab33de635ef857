// Regression metrics with scikit-learn's definitions (checked against scikit-learn 1.2). Per output j
// over the n rows:
//   mse_j = mean (y - ŷ)²     rmse_j = sqrt(mse_j)     mae_j = mean |y - ŷ|
//   r2_j  = 1 - Σ(y - ŷ)² / Σ(y - ȳ)²; constant y_true: 1 if the predictions are exact, else 0
//           (scikit-learn's force_finite=True); null with fewer than 2 rows
// Several outputs: the top-level numbers are the plain mean over outputs ('uniform_average'); so rmse is
// the mean of the per-output RMSEs, as scikit-learn's mean_squared_error(squared=False), not sqrt(mse).
import { UndefinedLog, type UndefinedValue } from "./notes.js";

export interface RegressionInput {
  /** Targets [n, k] row-major. */
  yTrue: Float32Array;
  /** Predictions [n, k] row-major. */
  yPred: Float32Array;
  targets: readonly string[];
}

export interface OutputScores {
  mse: number;
  rmse: number;
  mae: number;
  r2: number | null;
}

export interface RegressionMetrics extends OutputScores {
  loss: number;
  /** Only when there are several outputs. */
  per_output?: Record<string, OutputScores>;
  support: number;
  undefined: UndefinedValue[];
}

/** R² from the residual and total sums of squares, scikit-learn's force_finite convention. */
export function r2From(ssRes: number, ssTot: number, n: number, path: string, log: UndefinedLog | null): number | null {
  if (n < 2) return log ? log.null(path, "R² needs at least 2 rows") : null;
  if (ssTot === 0) {
    const value = ssRes === 0 ? 1 : 0;
    return log ? log.set(path, value, "constant y_true: 1 if predicted exactly, else 0 (scikit-learn)") : value;
  }
  return 1 - ssRes / ssTot;
}

export function regressionMetrics(input: RegressionInput): RegressionMetrics {
  const { yTrue, yPred, targets } = input;
  const k = targets.length;
  if (k < 1) throw new RangeError("regression metrics need at least one target");
  if (yTrue.length !== yPred.length || yTrue.length % k !== 0 || yTrue.length === 0)
    throw new RangeError(`yTrue (${yTrue.length}) and yPred (${yPred.length}) must both be [n, ${k}], n > 0`);
  const n = yTrue.length / k;
  const log = new UndefinedLog();

  const outputs: OutputScores[] = [];
  for (let j = 0; j < k; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += yTrue[i * k + j];
    mean /= n;
    let se = 0;
    let ae = 0;
    let ssTot = 0;
    for (let i = 0; i < n; i++) {
      const y = yTrue[i * k + j];
      const e = y - yPred[i * k + j];
      se += e * e;
      ae += Math.abs(e);
      ssTot += (y - mean) * (y - mean);
    }
    const path = k > 1 ? `per_output.${targets[j]}.r2` : "r2";
    outputs.push({ mse: se / n, rmse: Math.sqrt(se / n), mae: ae / n, r2: r2From(se, ssTot, n, path, log) });
  }

  const avg = (key: "mse" | "rmse" | "mae") => outputs.reduce((s, o) => s + o[key], 0) / k;
  const r2s = outputs.map((o) => o.r2);
  const r2 = r2s.includes(null) ? null : (r2s as number[]).reduce((s, v) => s + v, 0) / k;
  if (k > 1 && r2 === null) log.null("r2", "R² needs at least 2 rows");
  const result: RegressionMetrics = {
    loss: avg("mse"),
    mse: avg("mse"),
    rmse: avg("rmse"),
    mae: avg("mae"),
    r2,
    support: n,
    undefined: log.items,
  };
  if (k > 1) {
    result.per_output = {};
    for (let j = 0; j < k; j++) result.per_output[targets[j]] = outputs[j];
  }
  return result;
}
