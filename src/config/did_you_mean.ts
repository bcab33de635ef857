// "did you mean ...?" for unknown keys and names: the closest known name by edit distance, plus the
// old Keras spellings people still type.

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}

/** Names people bring from Keras, PyTorch or scikit-learn, mapped to ours. */
const aliases: Record<string, string> = {
  lr: "learning_rate",
  beta1: "beta_1",
  beta2: "beta_2",
  eps: "epsilon",
  batch: "batch_size",
  batchsize: "batch_size",
  n_epochs: "epochs",
  num_epochs: "epochs",
  kernel_initializer: "init",
  initializer: "init",
  p: "rate",
  dropout: "rate",
  n_units: "units",
  out_features: "units",
  kernel_regularizer: "l2",
  weight_decay_l2: "l2",
  clipnorm: "clip_norm",
  val: "validation",
  valid: "validation",
  val_split: "validation",
  gamma: "factor",
  step_size: "every",
  T_max: "period",
  eta_min: "min_lr",
  T_0: "period",
  T_mult: "t_mult",
  nesterov_momentum: "nesterov",
  crossentropy: "categorical_crossentropy",
  cross_entropy: "categorical_crossentropy",
  bce: "binary_crossentropy",
  binary_cross_entropy: "binary_crossentropy",
  categorical_cross_entropy: "categorical_crossentropy",
  mean_squared_error: "mse",
  mean_absolute_error: "mae",
  identity: "linear",
  none: "linear",
  logistic: "sigmoid",
  relu6: "relu",
  leakyrelu: "leaky_relu",
  linear_regression: "regression",
  classification: "multiclass",
  acc: "accuracy",
  val_acc: "val_accuracy",
  roc_auc: "auc",
  xavier_uniform: "glorot_uniform",
  xavier_normal: "glorot_normal",
  kaiming_normal: "he_normal",
  kaiming_uniform: "he_uniform",
  zero: "zeros",
  linear_layer: "dense",
  fully_connected: "dense",
  fc: "dense",
  cosine_annealing: "cosine",
  cosine_decay: "cosine",
  cosine_decay_restarts: "cosine_restarts",
  sgdr: "cosine_restarts",
  exponential_decay: "exponential",
  inverse_time: "time",
  inverse_time_decay: "time",
  step_decay: "step",
  plateau: "reduce_on_plateau",
  reducelronplateau: "reduce_on_plateau",
};

/** The known name closest to `input`, if it is close enough to be a likely typo. */
export function closest(input: string, known: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  const alias = aliases[input] ?? aliases[lower];
  if (alias !== undefined && known.includes(alias)) return alias;
  let best: string | undefined;
  let bestD = Infinity;
  for (const name of known) {
    const d = editDistance(lower, name.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = name;
    }
  }
  if (best === undefined) return undefined;
  if (bestD <= Math.max(1, Math.floor(Math.max(lower.length, best.length) / 3))) return best;
  // A known name that contains the input as a word, or the other way round (momentum -> sgd's momentum).
  const word = known.find((k) => lower.length >= 3 && (k.toLowerCase().split("_").includes(lower) || lower.split("_").includes(k.toLowerCase())));
  return word;
}

/** `; did you mean "x"?` or the empty string. */
export function didYouMean(input: string, known: readonly string[]): string {
  const c = closest(input, known);
  return c === undefined ? "" : `; did you mean "${c}"?`;
}
