// Data from code: arrays (rows of numbers, or a Float32Array with a sample shape) or a CSV / IDX source
// as the YAML's `data:` section names it. Arrays become the CSV text they stand for and go through the
// CLI's own data path (src/data: task inference, split, normalisation fitted on the train split,
// encoding), so a model trained from arrays is the model trained from the same numbers in a CSV file.
//
//   { x: [[5.1, 3.5], [4.9, 3.0], ...], y: ["setosa", "setosa", ...] }          rows and labels
//   { x: new Float32Array(n * 64), shape: [8, 8, 1], y: labels }                 images, NHWC
//   { path: "datasets/iris.csv", target: "species" }                            a file, as in YAML
import type { z } from "zod";
import type { dataSchema } from "../config/schema.js";
import { float32Text } from "../report/predictions_csv.js";
import { MltrainError } from "../errors.js";

/** A `data:` section of the YAML: a CSV or IDX file (or a named dataset), its target, split and scaling. */
export type DataInput = z.input<typeof dataSchema>;

/** The YAML `data:` keys that apply to arrays (what they are, how they are split and scaled). */
export type ArrayDataOptions = Pick<DataInput, "task" | "normalize" | "missing" | "positive" | "split" | "rescale">;

/** Inputs as arrays: one row of numbers per sample, or a flat Float32Array of samples of `shape`. */
export type ArrayInputs =
  | { x: readonly (readonly number[])[]; shape?: readonly number[]; features?: readonly string[] }
  | { x: Float32Array; shape: readonly number[]; features?: readonly string[] };

/**
 * Labelled arrays: y holds one label (a string or number) or one row of target values per sample, or
 * a Float32Array of rows × targets values. `target` names the target column(s) (default y, or y_0, y_1, ...).
 */
export type ArrayData = ArrayInputs &
  ArrayDataOptions & {
    y: readonly (number | string)[] | readonly (readonly number[])[] | Float32Array;
    target?: string | readonly string[];
  };

/** Training data from code. */
export type Data = ArrayData | DataInput;

/** Unlabelled or labelled rows for predict / evaluate: arrays, a file path as `mltrain predict` takes it, or a split of the last fit. */
export type Rows = ArrayInputs | (ArrayInputs & { y: ArrayData["y"] }) | string | { split: "train" | "validation" | "test" };

/** What the data layer reads: the `data:` config and, for arrays, the CSV bytes it names. */
export interface DataSource {
  config: DataInput;
  /** The CSV text of arrays (config.path only names it). */
  bytes?: Buffer;
  /** The sample shape of arrays given with one (images), else undefined. */
  shape?: number[];
}

/** What arrays are called in messages (their CSV's name: row N of the arrays is its line N + 1). */
export const ARRAYS = "(arrays)";

export function isArrayData(d: object): d is ArrayInputs {
  return "x" in d;
}

/** The source of training data: a file's `data:` config as given; arrays as their CSV. */
export function dataSource(data: Data): DataSource {
  if (!isArrayData(data)) return { config: data };
  const d = data as ArrayData;
  const { x, y, shape, features, target, ...options } = d as ArrayData & { shape?: readonly number[]; features?: readonly string[] };
  const table = arrayTable({ x, shape, features } as ArrayInputs, y, target);
  return { config: { ...options, path: ARRAYS, target: table.targets, features: table.features }, bytes: table.bytes, shape: table.shape };
}

interface ArrayTable {
  bytes: Buffer;
  rows: number;
  features: string[];
  targets: string[];
  /** The sample shape when given as more than a row ([h, w, c]). */
  shape: number[] | undefined;
}

/** The CSV of arrays: a header (features, then targets), one line per sample, numbers as float32 text. */
export function arrayTable(inputs: ArrayInputs, y: ArrayData["y"] | undefined, target: string | readonly string[] | undefined, names?: readonly string[]): ArrayTable {
  const { rows, width, value, shape } = inputShape(inputs);
  const features = [...(inputs.features ?? names ?? defaultNames(shape, width))];
  if (features.length !== width) throw bad(`features names ${features.length} columns, the samples have ${width} values`);
  const ys = y === undefined ? null : targetCells(y, rows);
  const targets = ys === null ? [] : typeof target === "string" ? [target] : target ? [...target] : ys.width === 1 ? ["y"] : Array.from({ length: ys.width }, (_, j) => `y_${j}`);
  if (ys !== null && targets.length !== ys.width) throw bad(`target names ${targets.length} columns, y has ${ys.width} per sample`);
  const clash = targets.find((t) => features.includes(t));
  if (clash !== undefined) throw bad(`"${clash}" names both a feature and a target`);
  const lines = [[...features, ...targets].map(csvName).join(",")];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = new Array(width);
    for (let c = 0; c < width; c++) cells[c] = numberCell(value(r, c));
    if (ys) for (let j = 0; j < ys.width; j++) cells.push(ys.cell(r, j));
    lines.push(cells.join(","));
  }
  return { bytes: Buffer.from(lines.join("\n") + "\n"), rows, features, targets, shape: shape.length > 1 ? shape : undefined };
}

function inputShape(inputs: ArrayInputs): { rows: number; width: number; value: (r: number, c: number) => number; shape: number[] } {
  const x = inputs.x;
  if (x instanceof Float32Array) {
    const shape = [...(inputs.shape ?? [])];
    if (shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) throw bad("a Float32Array x needs `shape`, the shape of one sample (e.g. [4] or [28, 28, 1])");
    const width = shape.reduce((a, b) => a * b, 1);
    if (x.length % width !== 0 || x.length === 0) throw bad(`x has ${x.length} values, not a whole number of samples of shape [${shape.join(", ")}] (${width} values each)`);
    return { rows: x.length / width, width, value: (r, c) => x[r * width + c], shape };
  }
  if (!Array.isArray(x) || x.length === 0) throw bad("x must be a non-empty array of rows (or a Float32Array with `shape`)");
  const width = x[0].length;
  x.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== width) throw bad(`x row ${r} has ${Array.isArray(row) ? row.length : "no"} values, row 0 has ${width}`);
  });
  const shape = inputs.shape ? [...inputs.shape] : [width];
  if (shape.reduce((a, b) => a * b, 1) !== width) throw bad(`shape [${shape.join(", ")}] does not hold the ${width} values of a row`);
  return { rows: x.length, width, value: (r, c) => x[r][c], shape };
}

function targetCells(y: ArrayData["y"], rows: number): { width: number; cell: (r: number, j: number) => string } {
  if (y instanceof Float32Array) {
    if (y.length === 0 || y.length % rows !== 0) throw bad(`y has ${y.length} values for ${rows} samples`);
    const width = y.length / rows;
    return { width, cell: (r, j) => numberCell(y[r * width + j]) };
  }
  if (!Array.isArray(y) || y.length !== rows) throw bad(`y has ${Array.isArray(y) ? y.length : "no"} entries for ${rows} samples of x`);
  if (Array.isArray(y[0])) {
    const m = y as readonly (readonly number[])[];
    const width = m[0].length;
    m.forEach((row, r) => {
      if (!Array.isArray(row) || row.length !== width) throw bad(`y row ${r} has ${Array.isArray(row) ? row.length : "no"} values, row 0 has ${width}`);
    });
    return { width, cell: (r, j) => numberCell(m[r][j]) };
  }
  const v = y as readonly (number | string)[];
  return { width: 1, cell: (r) => (typeof v[r] === "number" ? numberCell(v[r] as number) : csvName(String(v[r]))) };
}

/** x_0, x_1, ... for rows; pixel_0, ... for images (as IDX data names them). */
function defaultNames(shape: readonly number[], width: number): string[] {
  const prefix = shape.length > 1 ? "pixel" : "x";
  return Array.from({ length: width }, (_, i) => `${prefix}_${i}`);
}

/** A number as the CSV holds it: float32's shortest text (NaN: a missing cell, as data.missing decides). */
function numberCell(v: number): string {
  if (typeof v !== "number") throw bad(`expected numbers, got ${JSON.stringify(v)}`);
  return Number.isNaN(v) ? "" : float32Text(v);
}

function csvName(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function bad(message: string): MltrainError {
  return new MltrainError("data.parse", message, { file: ARRAYS });
}
