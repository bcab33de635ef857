// loadData for IDX images + labels (data.format idx, or a named dataset): the same PreparedData as a CSV.
// Each image is flattened to features pixel_0, pixel_1, ... (row-major); the target is `label`. The
// sample shape is the image's: [h, w, 1] for IDX's [n, h, w] (channels last), the dimensions after n
// otherwise. The pixels
// stay in the file's typed array (u8 for Fashion-MNIST) and each split is written once into its own
// Float32Array [rows, pixels]: no per-row objects, no float copy of the whole file.
import { existsSync } from "node:fs";
import path from "node:path";
import type { DataConfig, TaskName } from "../config/schema.js";
import { MltrainError } from "../errors.js";
import { resolveDataset } from "./datasets.js";
import { readIdx, type IdxData } from "./idx.js";
import type { LoadOptions, ModelData, ModelRows, PreparedData } from "./load.js";
import { displayPath } from "./load.js";
import { rescaleDivisor, type NumericTransform, type Preprocessing } from "./preprocessing.js";
import { foldParts } from "./kfold.js";
import { splitRows } from "./split.js";
import { rowIdsOf, type Table } from "./table.js";

/** Whether loadData reads `cfg` as IDX (config/load.ts fills data.format; this is the same rule without it). */
export function isIdxConfig(cfg: DataConfig): boolean {
  if (cfg.dataset !== undefined) return true;
  return (cfg.format ?? (cfg.labels !== undefined ? "idx" : "csv")) === "idx";
}

/** Whether `file` is named like IDX data: `*-idx3-ubyte` (MNIST's names), `*.idx`, `*.idx3`, gzipped or not. */
export function isIdxPath(file: string): boolean {
  return /(-idx\d-ubyte|\.idx\d?)(\.gz)?$/i.test(path.basename(file));
}

/** The labels file named like an images file, in its folder (t10k-images-idx3-ubyte.gz → t10k-labels-idx1-ubyte.gz), if it exists. */
export function companionLabels(imagesAbs: string): string | null {
  const name = path.basename(imagesAbs);
  const labels = name.replace(/images/i, (m) => (m === "IMAGES" ? "LABELS" : "labels")).replace(/-idx\d-/i, "-idx1-");
  const abs = path.join(path.dirname(imagesAbs), labels);
  return labels !== name && existsSync(abs) ? abs : null;
}

/** Images flattened to rows: pixels [n, k] in the file's element type, one label per image. */
export interface IdxRows {
  file: string;
  labelsFile: string;
  pixels: IdxData;
  labels: IdxData;
  /** Images (after data.limit) and values per image. */
  n: number;
  k: number;
  /** Shape of one image (see sampleShape). */
  shape: number[];
}

/** One sample's shape from an IDX file's dimensions [n, ...]: [h, w] images get a channel, [h, w, 1]. */
export function sampleShape(dims: readonly number[]): number[] {
  const rest = dims.slice(1);
  if (rest.length === 0) return [1];
  return rest.length === 2 ? [...rest, 1] : rest;
}

/** Read an images file and its labels file; the counts must agree. `limit` keeps the first images. */
export async function readIdxRows(imagesAbs: string, labelsAbs: string, limit?: number): Promise<IdxRows> {
  const file = displayPath(imagesAbs);
  const labelsFile = displayPath(labelsAbs);
  const [images, labels] = await Promise.all([readIdx(imagesAbs, file), readIdx(labelsAbs, labelsFile)]);
  const count = images.dims[0];
  const k = images.dims.slice(1).reduce((a, b) => a * b, 1);
  if (labels.dims.length > 2 || (labels.dims.length === 2 && labels.dims[1] !== 1)) {
    throw new MltrainError("data.parse", `expected one label per image (dimensions [n] or [n, 1]), got ${labels.dims.join(" x ")}`, { file: labelsFile });
  }
  if (labels.dims[0] !== count) {
    throw new MltrainError("data.parse", `${labels.dims[0]} labels, but the images file ${file} has ${count} images; the two files must come from the same set`, { file: labelsFile });
  }
  if (count === 0 || k === 0) throw new MltrainError("data.empty", `no data: the images are ${images.dims.join(" x ")}`, { file });
  const n = limit === undefined ? count : Math.min(limit, count);
  return { file, labelsFile, pixels: images.data.subarray(0, n * k), labels: labels.data.subarray(0, n), n, k, shape: sampleShape(images.dims) };
}

/**
 * loadForModel for IDX images: the model's per-pixel transform; with requireTarget, the labels file's
 * labels as the model's classes, label v being the class named labelNames[v] (the training config's
 * class_names or its dataset's classes) when the model has such a class, else the class named String(v),
 * as fit named them.
 */
export async function loadIdxForModel(
  imagesAbs: string,
  labelsAbs: string | null,
  model: ModelData,
  opts: { requireTarget: boolean; limit?: number },
): Promise<ModelRows> {
  const file = displayPath(imagesAbs);
  let src: IdxRows;
  if (opts.requireTarget) {
    if (labelsAbs === null) {
      if (!existsSync(imagesAbs)) await readIdx(imagesAbs, file); // its own "cannot read" error
      throw new MltrainError("data.io", "no labels file for these IDX images: name it with --labels FILE (none named like the images was found next to them)", { file });
    }
    src = await readIdxRows(imagesAbs, labelsAbs, opts.limit);
  } else {
    const images = await readIdx(imagesAbs, file);
    const k = images.dims.slice(1).reduce((a, b) => a * b, 1);
    const n = opts.limit === undefined ? images.dims[0] : Math.min(opts.limit, images.dims[0]);
    if (n === 0 || k === 0) throw new MltrainError("data.empty", `no data: the images are ${images.dims.join(" x ")}`, { file });
    src = { file, labelsFile: file, pixels: images.data.subarray(0, n * k), labels: new Uint8Array(0), n, k, shape: sampleShape(images.dims) }; // no labels read
  }
  const want = model.preprocessing.columns.map((c) => c.name);
  if (src.k !== want.length || want.some((name, j) => name !== `pixel_${j}`)) {
    throw new MltrainError(
      "data.mismatch",
      `the images have ${src.k} values each (features pixel_0 … pixel_${src.k - 1}); the model needs ${want.length} features` +
        (want[0] === "pixel_0" ? "" : `, named ${want.slice(0, 3).join(", ")}${want.length > 3 ? ", …" : ""}: it was not trained on IDX images`),
      { file },
    );
  }
  const wantShape = model.shape;
  if (wantShape !== undefined && wantShape.length > 1 && wantShape.join(",") !== src.shape.join(",")) {
    throw new MltrainError(
      "data.mismatch",
      `the images are ${src.shape.join(" x ")} (h x w x channels); the model was trained on ${wantShape.join(" x ")} images (model.json input.shape)`,
      { file },
    );
  }
  let classIndex: Int32Array | null = null;
  if (opts.requireTarget && model.task !== "regression") {
    const classes = model.classes ?? [];
    classIndex = new Int32Array(src.n);
    for (let i = 0; i < src.n; i++) {
      const v = src.labels[i];
      // the class named labelNames[v] if the model has one by that name, else the class named v (a model
      // fit on IDX files without class_names, scored on a named dataset whose classes it never saw)
      const named = model.labelNames?.[v];
      let c = named === undefined ? -1 : classes.indexOf(named);
      if (c < 0) c = classes.indexOf(String(v));
      if (c < 0) {
        throw new MltrainError("data.mismatch", `label ${v} of image ${i + 1} is not one of the model's classes (${classes.join(", ")})`, { file: src.labelsFile });
      }
      classIndex[i] = c;
    }
  }
  const nOut = model.task === "multiclass" ? (model.classes?.length ?? 1) : 1;
  const all = Int32Array.from({ length: src.n }, (_, i) => i);
  const x = pixelsOf(src, all, model.preprocessing);
  const y = opts.requireTarget ? targetsOf(src, classIndex, all, model.task, nOut) : null;
  return { x, y, rows: src.n, rowIds: rowIdsOf(all), keep: [], skipped: { rowIds: new Int32Array(0), keep: [] } };
}

/** The task, the classes and each image's class index (regression: no classes). */
interface Labels {
  task: TaskName;
  classes: string[] | null;
  /** Label value → class index (classification). */
  index: (value: number) => number | undefined;
}

function decideLabels(cfg: DataConfig, rows: IdxRows, names: string[] | undefined): Labels {
  const { labels, n, labelsFile } = rows;
  let integers = true;
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const v = labels[i];
    if (!Number.isInteger(v)) integers = false;
    else seen.add(v);
  }
  const task: TaskName = cfg.task !== "auto" ? cfg.task : !integers ? "regression" : (names?.length ?? seen.size) === 2 ? "binary" : "multiclass";
  if (task === "regression") return { task, classes: null, index: () => undefined };
  if (!integers) {
    throw new MltrainError("data.parse", `a ${task} task needs whole-number labels, but some labels have fractions; use task: regression`, { file: labelsFile });
  }
  let classes: string[];
  let index: (v: number) => number | undefined;
  if (names) {
    classes = [...names];
    for (let i = 0; i < n; i++) {
      const v = labels[i];
      if (v < 0 || v >= names.length) {
        throw new MltrainError("data.parse", `label ${v} of image ${i + 1} has no class name: there are ${names.length} (labels 0 to ${names.length - 1})`, { file: labelsFile, path: "data.class_names" });
      }
    }
    index = (v) => (Number.isInteger(v) && v >= 0 && v < names.length ? v : undefined);
  } else {
    const values = [...seen].sort((a, b) => a - b);
    classes = values.map(String);
    const at = new Map(values.map((v, i) => [v, i]));
    index = (v) => at.get(v);
  }
  if (classes.length < 2) throw new MltrainError("data.parse", `only one class (label ${classes[0]}) in ${n} images; a classifier needs at least 2`, { file: labelsFile });
  if (task === "binary") {
    if (classes.length !== 2) {
      throw new MltrainError("data.parse", `a binary task needs 2 classes, the labels have ${classes.length} (${classes.join(", ")}); use task: multiclass`, { file: labelsFile });
    }
    if (cfg.positive !== undefined) {
      const p = classes.indexOf(String(cfg.positive));
      if (p < 0) throw new MltrainError("config.invalid", `positive ${JSON.stringify(cfg.positive)} is not a class; the classes are ${classes.join(", ")}`, { path: "data.positive" });
      if (p === 0) {
        const inner = index;
        classes = [classes[1], classes[0]];
        index = (v) => {
          const c = inner(v);
          return c === undefined ? undefined : 1 - c;
        };
      }
    }
  }
  return { task, classes, index };
}

export async function loadIdxData(cfg: DataConfig, opts: LoadOptions): Promise<PreparedData> {
  let files: { images: string; labels: string; testImages?: string; testLabels?: string };
  let names = cfg.class_names;
  if (cfg.dataset !== undefined) {
    const found = resolveDataset(cfg.dataset, opts.env ?? process.env);
    files = { images: found.trainImages, labels: found.trainLabels, testImages: found.testImages, testLabels: found.testLabels };
    names = found.dataset.classes;
  } else {
    if (cfg.path === undefined || cfg.labels === undefined) throw new MltrainError("config.invalid", "IDX data needs data.path and data.labels", { path: "data" });
    const at = (p: string | undefined) => (p === undefined ? undefined : path.resolve(opts.baseDir, p));
    files = { images: at(cfg.path)!, labels: at(cfg.labels)!, testImages: at(cfg.test_path), testLabels: at(cfg.test_labels) };
  }
  const hasTest = files.testImages !== undefined && files.testLabels !== undefined;
  const [train, test] = await Promise.all([
    readIdxRows(files.images, files.labels, cfg.limit),
    hasTest && !opts.fold ? readIdxRows(files.testImages!, files.testLabels!, cfg.limit) : Promise.resolve(null),
  ]);
  if (test && test.k !== train.k) {
    throw new MltrainError("data.mismatch", `test images have ${test.k} values each, the training images ${train.k}`, { file: test.file });
  }
  const labels = decideLabels(cfg, train, names);
  const classIndex = classIndexOf(train, labels);

  const { train: rTrain, validation: rVal, test: rTest } = cfg.split;
  const ratios: [number, number, number] = hasTest ? [rTrain, rVal, 0] : [rTrain, rVal, rTest];
  const stratified = cfg.split.stratify && labels.classes !== null;
  const split = splitRows(train.n, {
    ratios,
    shuffle: cfg.split.shuffle,
    seed: opts.seed,
    strata: stratified ? classIndex : null,
    strataNames: stratified ? labels.classes! : [],
    file: train.file,
  });
  const parts = opts.fold ? foldParts(split, opts.fold, train.file) : split;

  const preprocessing = fitPixels(train, parts[0], cfg.normalize, rescaleDivisor(cfg.rescale));
  const nOut = labels.task === "multiclass" ? labels.classes!.length : 1;
  const table = (src: IdxRows, idx: Int32Array | null, rows: Int32Array, alloc?: (length: number) => Float32Array): Table =>
    buildTable(src, idx, rows, preprocessing, labels.task, nOut, alloc);
  const prepared: PreparedData = {
    task: labels.task,
    features: preprocessing.columns.map((c) => c.name),
    shape: train.shape,
    target: ["label"],
    classes: labels.classes,
    train: table(train, classIndex, parts[0], opts.alloc),
    validation: ratios[1] > 0 || opts.fold ? table(train, classIndex, parts[1]) : null,
    test: ratios[2] > 0 && !opts.fold ? table(train, classIndex, parts[2]) : null,
    preprocessing,
    warnings: [],
    source: { file: train.file, rows: train.n },
  };
  if (test && !opts.fold) {
    prepared.test = table(test, classIndexOf(test, labels), Int32Array.from({ length: test.n }, (_, i) => i));
    prepared.source.test_file = test.file;
    prepared.source.test_rows = test.n;
  }
  return prepared;
}

/** Each image's class index (null for regression); a label the classes do not have is an error. */
function classIndexOf(rows: IdxRows, labels: Labels): Int32Array | null {
  if (labels.classes === null) return null;
  const out = new Int32Array(rows.n);
  for (let i = 0; i < rows.n; i++) {
    const c = labels.index(rows.labels[i]);
    if (c === undefined) {
      throw new MltrainError("data.parse", `label ${rows.labels[i]} of image ${i + 1} is not one of the training labels (${labels.classes.join(", ")})`, { file: rows.labelsFile });
    }
    out[i] = c;
  }
  return out;
}

/** Per pixel x' = (x - shift) / scale, fitted on the train rows; data.rescale folded in (see fitPreprocessing). */
export function fitPixels(src: IdxRows, train: Int32Array, normalize: Preprocessing["normalize"], rescale: number): Preprocessing {
  const { pixels, k } = src;
  const shift = new Float64Array(k);
  const scale = new Float64Array(k).fill(rescale);
  const n = train.length;
  if (normalize === "standard" && n > 0) {
    const sum = new Float64Array(k);
    for (let i = 0; i < n; i++) for (let j = 0, o = train[i] * k; j < k; j++) sum[j] += pixels[o + j];
    for (let j = 0; j < k; j++) shift[j] = sum[j] / n;
    const ss = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      for (let j = 0, o = train[i] * k; j < k; j++) {
        const d = pixels[o + j] - shift[j];
        ss[j] += d * d;
      }
    }
    for (let j = 0; j < k; j++) if (ss[j] > 0) scale[j] = Math.sqrt(ss[j] / n);
  } else if (normalize === "minmax" && n > 0) {
    const hi = new Float64Array(k).fill(-Infinity);
    shift.fill(Infinity);
    for (let i = 0; i < n; i++) {
      for (let j = 0, o = train[i] * k; j < k; j++) {
        const v = pixels[o + j];
        if (v < shift[j]) shift[j] = v;
        if (v > hi[j]) hi[j] = v;
      }
    }
    for (let j = 0; j < k; j++) if (hi[j] > shift[j]) scale[j] = hi[j] - shift[j];
  }
  const columns = Array.from({ length: k }, (_, j): NumericTransform => ({ name: `pixel_${j}`, kind: "numeric", fill: null, shift: shift[j], scale: scale[j] }));
  return { normalize, missing: "error", columns };
}

/** x [rows, k] = the transformed pixels of images `rows`; y as a CSV target of the same task. */
export function buildTable(
  src: IdxRows,
  classIndex: Int32Array | null,
  rows: Int32Array,
  p: Preprocessing,
  task: TaskName,
  nOut: number,
  alloc?: (length: number) => Float32Array,
): Table {
  return { x: pixelsOf(src, rows, p, alloc), y: targetsOf(src, classIndex, rows, task, nOut), rows: rows.length, nIn: src.k, nOut, rowIds: rowIdsOf(rows) };
}

/** [rows, k]: (pixel - shift) / scale per pixel, with the stored transform, into alloc(length). */
export function pixelsOf(
  src: IdxRows,
  rows: Int32Array,
  p: Preprocessing,
  alloc: (length: number) => Float32Array = (n) => new Float32Array(n),
): Float32Array {
  const { pixels, k } = src;
  const shift = Float64Array.from(p.columns, (c) => (c as NumericTransform).shift);
  const scale = Float64Array.from(p.columns, (c) => (c as NumericTransform).scale);
  const x = alloc(rows.length * k);
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0, s = rows[i] * k, o = i * k; j < k; j++) x[o + j] = (pixels[s + j] - shift[j]) / scale[j];
  }
  return x;
}

/** [rows, nOut]: the label (regression), the class index (binary) or its one-hot row (multiclass). */
export function targetsOf(src: IdxRows, classIndex: Int32Array | null, rows: Int32Array, task: TaskName, nOut: number): Float32Array {
  const y = new Float32Array(rows.length * nOut);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (task === "regression") y[i] = src.labels[r];
    else if (task === "binary") y[i] = classIndex![r];
    else y[i * nOut + classIndex![r]] = 1;
  }
  return y;
}
