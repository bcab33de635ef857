// Features: numeric columns scaled, text columns one-hot encoded, missing cells filled. Everything is
// fitted on the TRAIN rows only and stored (JSON) in model.json, so eval/predict apply the same transform.
import { z } from "zod";
import { MltrainError } from "../errors.js";
import type { RawTable } from "./raw_table.js";
import { sortLabels } from "./labels.js";

export type NormalizeName = "standard" | "minmax" | "none";
export type MissingName = "error" | "drop" | "mean";

/** A numeric source column: x' = (x - shift) / scale, a missing cell first replaced by `fill`. */
export interface NumericTransform {
  name: string;
  kind: "numeric";
  /** The train mean with missing: mean; null otherwise (a missing cell cannot reach the transform). */
  fill: number | null;
  /**
   * The mean of the column's present train values, so that eval/predict can fill a missing cell
   * (--missing mean) whatever the training's data.missing. Absent in model.json files written before it.
   */
  mean?: number;
  /** standard: mean; minmax: min; none: 0. */
  shift: number;
  /** standard: population std (ddof 0, like scikit-learn's StandardScaler); minmax: max - min; none: 1. 1 when that is 0. Times data.rescale for none and constant columns. */
  scale: number;
}

/**
 * A text source column, or a numeric one listed in data.categorical (its codes as written): one 0/1
 * input per category seen in the train split (sorted); others → all 0.
 */
export interface CategoricalTransform {
  name: string;
  kind: "categorical";
  categories: string[];
}

export type ColumnTransform = NumericTransform | CategoricalTransform;

/** Stored in model.json under input.preprocessing. */
export interface Preprocessing {
  normalize: NormalizeName;
  missing: MissingName;
  /** One entry per source feature column, in input order. */
  columns: ColumnTransform[];
}

/** The input names after one-hot expansion: `age`, `color=red`, `color=blue`, ... */
export function featureNames(p: Preprocessing): string[] {
  return p.columns.flatMap((c) => (c.kind === "numeric" ? [c.name] : c.categories.map((k) => `${c.name}=${k}`)));
}

export function inputWidth(p: Preprocessing): number {
  let n = 0;
  for (const c of p.columns) n += c.kind === "numeric" ? 1 : c.categories.length;
  return n;
}

/**
 * Fit the transform of `features` (source columns) on the raw rows `train`; `categorical` names numeric
 * columns (read with their text, role "category") to one-hot encode like text columns. `rescale` (data.rescale)
 * divides every numeric value first; it is folded into shift and scale, which stay in the file's units:
 * standard and minmax are unchanged by it (up to rounding), none gets scale = rescale, and a constant
 * column scales by `rescale` (1 after rescaling).
 */
export function fitPreprocessing(
  raw: RawTable,
  features: string[],
  train: Int32Array,
  normalize: NormalizeName,
  missing: MissingName,
  rescale = 1,
  categorical: readonly string[] = [],
): Preprocessing {
  train = Int32Array.from(train).sort(); // source order: the statistics read each column front to back
  const columns = features.map((name): ColumnTransform => {
    const col = raw.columns.get(name)!;
    if (col.kind === "text" || categorical.includes(name)) {
      const seen = new Set<string>();
      for (let i = 0; i < train.length; i++) {
        const t = col.text![train[i]];
        if (t !== undefined) seen.add(t);
      }
      return { name, kind: "categorical", categories: sortLabels(seen) };
    }
    // Impute, then scale (a scikit-learn Pipeline(SimpleImputer, Scaler)): sums in float64.
    const num = col.num;
    const n = train.length;
    let sum = 0;
    let count = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = num[train[i]];
      if (v === v) {
        sum += v;
        count++;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    const mean = count > 0 ? sum / count : 0;
    const fill = missing === "mean" ? mean : null;
    const f = fill ?? 0;
    if (count < n && fill !== null) {
      // imputed cells take the mean: they widen neither min nor max beyond it
      if (f < lo) lo = f;
      if (f > hi) hi = f;
    }
    let shift = 0;
    let scale = 1;
    if (normalize === "standard" && n > 0) {
      const mean = (sum + (n - count) * f) / n;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        const v = num[train[i]];
        const d = (v === v ? v : f) - mean;
        ss += d * d;
      }
      shift = mean;
      scale = Math.sqrt(ss / n);
    } else if (normalize === "minmax" && n > 0) {
      shift = lo;
      scale = hi - lo;
    }
    if (!(scale > 0) || !Number.isFinite(scale) || normalize === "none") scale = rescale; // a constant column: never divide by zero
    return { name, kind: "numeric", fill, shift, scale, mean };
  });
  return { normalize, missing, columns };
}

/**
 * `p` with another missing-value policy (eval/predict --missing). mean fills each numeric column with its
 * train mean: `mean`, or for a file without it, the shift of standard scaling (the same mean: a model
 * trained with missing: error or drop saw no missing cell). Without either, a usage error naming `file`.
 */
export function withMissing(p: Preprocessing, missing: MissingName, file?: string): Preprocessing {
  if (missing !== "mean") return { ...p, missing };
  const columns = p.columns.map((c): ColumnTransform => {
    if (c.kind !== "numeric" || c.fill !== null) return c;
    const fill = c.mean ?? (p.normalize === "standard" ? c.shift : undefined);
    if (fill === undefined) {
      throw new MltrainError(
        "usage",
        `--missing mean needs the train mean of each numeric feature, and this model (normalize: ${p.normalize}, written by an older mltrain) does not store ${JSON.stringify(c.name)}'s; ` +
          "use --missing drop, or train the model again",
        { file },
      );
    }
    return { ...c, fill };
  });
  return { ...p, missing, columns };
}

/**
 * x [rows.length, width] = the transformed features of raw rows `rows`. A missing numeric cell takes
 * `fill` (0 after scaling when there is none); a missing or unseen category is an all-zero one-hot block.
 */
export function applyPreprocessing(raw: RawTable, p: Preprocessing, rows: Int32Array, x: Float32Array): void {
  const width = inputWidth(p);
  const numeric: { num: Float32Array; at: number; t: NumericTransform }[] = [];
  let j = 0;
  for (const t of p.columns) {
    const col = raw.columns.get(t.name)!;
    if (t.kind === "numeric") {
      numeric.push({ num: col.num, at: j, t });
      j++;
    } else {
      oneHotColumn(t, col.text, rows, x, j, width);
      j += t.categories.length;
    }
  }
  // The rows of a split are in random order. Walk them in source order instead (reads run down each
  // column), writing each row to its place in x, 16 columns at a time: one 64-byte line per row and group.
  const ord = Int32Array.from(rows.keys()).sort((a, b) => rows[a] - rows[b]);
  for (let g = 0; g < numeric.length; g += GROUP) {
    const group = numeric.slice(g, g + GROUP);
    const k = group.length;
    const nums = group.map((c) => c.num);
    const at = Int32Array.from(group, (c) => c.at);
    const shift = Float64Array.from(group, (c) => c.t.shift);
    const scale = Float64Array.from(group, (c) => c.t.scale);
    const fill = Float64Array.from(group, (c) => c.t.fill ?? c.t.shift);
    for (let i = 0; i < ord.length; i++) {
      const d = ord[i];
      const r = rows[d];
      const o = d * width;
      for (let c = 0; c < k; c++) {
        const v = nums[c][r];
        x[o + at[c]] = ((v === v ? v : fill[c]) - shift[c]) / scale[c];
      }
    }
  }
}

const GROUP = 16;

/** x[i, j .. j+k) = the one-hot code of row rows[i]'s category (all 0 when missing or unseen). */
function oneHotColumn(
  t: CategoricalTransform,
  text: (string | undefined)[] | null,
  rows: Int32Array,
  x: Float32Array,
  j: number,
  width: number,
): void {
  const k = t.categories.length;
  const index = new Map(t.categories.map((c, i) => [c, i]));
  for (let i = 0, o = j; i < rows.length; i++, o += width) {
    for (let c = 0; c < k; c++) x[o + c] = 0;
    const label = text ? text[rows[i]] : undefined;
    const at = label === undefined ? undefined : index.get(label);
    if (at !== undefined) x[o + at] = 1;
  }
}

const numericSchema = z.strictObject({
  name: z.string(),
  kind: z.literal("numeric"),
  fill: z.number().nullable(),
  mean: z.number().optional(),
  shift: z.number(),
  scale: z.number().positive(),
});
const categoricalSchema = z.strictObject({ name: z.string(), kind: z.literal("categorical"), categories: z.array(z.string()) });

/** The shape of a stored Preprocessing (model.json input.preprocessing). */
export const preprocessingSchema = z.strictObject({
  normalize: z.enum(["standard", "minmax", "none"]),
  missing: z.enum(["error", "drop", "mean"]),
  columns: z.array(z.discriminatedUnion("kind", [numericSchema, categoricalSchema])).min(1),
});

/** Check a Preprocessing read from model.json; model.bad_format naming the first problem otherwise. */
export function parsePreprocessing(value: unknown, file: string): Preprocessing {
  const r = preprocessingSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = ["input", "preprocessing", ...issue.path.map(String)].join(".");
  throw new MltrainError("model.bad_format", `${where}: ${issue.message}`, { file });
}

/**
 * data.rescale as the divisor the preprocessing stores: `1/255` (Keras's Rescaling(1/255)) divides by
 * exactly 255, as `x / 255` does in NumPy or PyTorch; a plain number m multiplies, i.e. divides by 1/m.
 */
export function rescaleDivisor(rescale: number | string): number {
  if (typeof rescale === "number") return 1 / rescale;
  return Number(rescale.split("/")[1]);
}
