// k-fold cross-validation: which validation fold each row is in. In the spirit of scikit-learn's
// KFold(shuffle=True) and StratifiedKFold(shuffle=True); RepeatedStratifiedKFold is one assignment per
// repeat, each drawn from its own seed.
//
// Plain (regression, multilabel, stratify off): the first n % K folds get floor(n/K) + 1 rows, the rest
// floor(n/K) (KFold's sizes); shuffled, the rows are dealt in a seeded random order, else in file order.
// Stratified (binary, multiclass): as StratifiedKFold, the classes are ordered by first appearance, lined
// up class after class and dealt to the folds in turn (position p goes to fold p mod K), which fixes how
// many rows of each class every fold gets (within one of each other, so each fold keeps the class
// proportions); then, when shuffling, each class's fold numbers are permuted with the seeded Rng
// before they are given to the class's rows in file order. The counts per fold and class are exactly
// scikit-learn's; which row goes where is ours (another random generator).
import { Rng } from "../engine/random.js";
import { MltrainError } from "../errors.js";
import type { Table } from "./table.js";

/** Salt of the folds' Rng (Rng.derive(seed, KFOLD_SALT + repeat)): independent of the split, init and batch streams. */
export const KFOLD_SALT = 0x6bf0_1d00;

export interface KFoldOptions {
  folds: number;
  /** Per row, its class index (any non-negative integers): stratified; null: plain k-fold. */
  strata: Int32Array | null;
  /** The class names by class index, for messages. */
  strataNames: readonly string[];
  shuffle: boolean;
  seed: number;
  /** 0-based repeat: each draws its own permutation. */
  repeat: number;
  /** The data file and the column the classes come from, for messages. */
  file: string;
}

/** Per row 0..n-1, its validation fold 0..K-1. Throws data.split when a fold (or a class in each fold) would get no row. */
export function assignFolds(n: number, opts: KFoldOptions): Int32Array {
  const k = opts.folds;
  if (!Number.isInteger(k) || k < 2) throw new MltrainError("usage", `--folds must be an integer of at least 2, got ${k}`);
  const rng = opts.shuffle ? Rng.derive(opts.seed, KFOLD_SALT + opts.repeat) : null;
  const fold = new Int32Array(n);
  if (opts.strata === null) {
    if (n < k) throw new MltrainError("data.split", `${n} row${n === 1 ? "" : "s"} in the train and validation splits, too few for ${k} folds (one validation row each at least); use --folds ${Math.max(2, n)} or fewer`, { file: opts.file });
    const order = Int32Array.from({ length: n }, (_, i) => i);
    rng?.shuffle(order);
    const base = Math.floor(n / k);
    const extra = n % k;
    for (let f = 0, i = 0; f < k; f++) for (let c = 0; c < base + (f < extra ? 1 : 0); c++) fold[order[i++]] = f;
    return fold;
  }
  // classes by first appearance (StratifiedKFold's encoding), their rows in file order
  const strata = opts.strata;
  const index = new Map<number, number>();
  const members: number[][] = [];
  for (let i = 0; i < n; i++) {
    let c = index.get(strata[i]);
    if (c === undefined) {
      index.set(strata[i], (c = members.length));
      members.push([]);
    }
    members[c].push(i);
  }
  const smallest = members.reduce((m, rows, c) => (rows.length < members[m].length ? c : m), 0);
  if (members.length > 0 && members[smallest].length < k) {
    const name = opts.strataNames[[...index.entries()].find(([, c]) => c === smallest)![0]] ?? "?";
    const count = members[smallest].length;
    throw new MltrainError(
      "data.split",
      `class ${JSON.stringify(name)} has ${count} row${count === 1 ? "" : "s"} in the train and validation splits, fewer than the ${k} folds ` +
        `(stratified folds give every fold's validation rows of each class); use --folds ${Math.max(2, count)} or fewer` +
        (count < 2 ? ", or set data.split.stratify: false" : ""),
      { file: opts.file, path: "data.target" },
    );
  }
  let start = 0;
  for (const rows of members) {
    const folds = new Int32Array(rows.length);
    for (let j = 0; j < rows.length; j++) folds[j] = (start + j) % k;
    folds.sort();
    rng?.shuffle(folds);
    for (let j = 0; j < rows.length; j++) fold[rows[j]] = folds[j];
    start += rows.length;
  }
  return fold;
}

/** The rows of one fold: its validation rows (fold `f`) and train rows (every other fold), each in the order of `ids`. */
export function foldRows(ids: Int32Array, assign: Int32Array, f: number): { train: Int32Array; validation: Int32Array } {
  const train: number[] = [];
  const validation: number[] = [];
  for (let i = 0; i < ids.length; i++) (assign[i] === f ? validation : train).push(ids[i]);
  return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
}

/** What cross-validation divides: the split's train and validation rows together. */
export interface CvRows {
  /** Their 1-based row ids, ascending (file order). */
  ids: Int32Array;
  /** Per row, its class index in data.classes (binary, multiclass); null for regression and multilabel. */
  strata: Int32Array | null;
  /** data.classes (the strata's names), or []. */
  names: readonly string[];
}

/** The train and validation rows of `data`, in file order, with their classes (binary and multiclass). */
export function cvRowsOf(data: { task: string; classes: readonly string[] | null; train: Table; validation: Table | null }): CvRows {
  const tables = [data.train, data.validation].filter((t): t is Table => t !== null && t.rows > 0);
  const classified = data.task === "binary" || data.task === "multiclass";
  const pairs: [number, number][] = [];
  for (const t of tables) for (let r = 0; r < t.rows; r++) pairs.push([t.rowIds[r], classified ? classOf(t, r) : 0]);
  pairs.sort((a, b) => a[0] - b[0]);
  const ids = Int32Array.from(pairs, (p) => p[0]);
  return { ids, strata: classified ? Int32Array.from(pairs, (p) => p[1]) : null, names: classified ? (data.classes ?? []) : [] };
}

/** Row r's class: the 0/1 target (binary) or the hot column (multiclass, one-hot). */
function classOf(t: Table, r: number): number {
  if (t.nOut === 1) return t.y[r] > 0.5 ? 1 : 0;
  let best = 0;
  for (let j = 1; j < t.nOut; j++) if (t.y[r * t.nOut + j] > t.y[r * t.nOut + best]) best = j;
  return best;
}

/** The train/validation rows a fold gives the loader (1-based row ids): LoadOptions.fold. */
export interface FoldRows {
  train: ArrayLike<number>;
  validation: ArrayLike<number>;
}

/**
 * The split's parts (0-based rows, [train, validation, test]) with train and validation replaced by
 * the fold's: its rows must be exactly the split's train and validation rows, re-divided (the data file
 * changed since the folds were drawn, else). The test part is dropped (cross-validation never uses it).
 */
export function foldParts(parts: readonly Int32Array[], fold: FoldRows, file: string): [Int32Array, Int32Array, Int32Array] {
  const allowed = new Set<number>([...parts[0], ...parts[1]]);
  const seen = new Set<number>();
  const take = (ids: ArrayLike<number>): Int32Array => {
    const out = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const r = ids[i] - 1;
      if (!allowed.has(r) || seen.has(r)) {
        throw new MltrainError("data.mismatch", `row ${ids[i]} of a cross-validation fold is ${seen.has(r) ? "given twice" : "not in the train or validation split"}: the file is not the one the folds were drawn from`, { file });
      }
      seen.add(r);
      out[i] = r;
    }
    return out;
  };
  const train = take(fold.train);
  const validation = take(fold.validation);
  if (seen.size !== allowed.size) {
    throw new MltrainError("data.mismatch", `a cross-validation fold has ${seen.size} rows, the train and validation splits ${allowed.size}: the file is not the one the folds were drawn from`, { file });
  }
  return [train, validation, new Int32Array(0)];
}
