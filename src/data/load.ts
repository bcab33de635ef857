// loadData (fit: read, split, fit the preprocessing on train, encode) and loadForModel (eval/predict:
// apply a stored preprocessing to a new CSV). See index.ts for the contract.
import { existsSync } from "node:fs";
import path from "node:path";
import type { DataConfig, DatasetName, TaskName } from "../config/schema.js";
import { MltrainError } from "../errors.js";
import { asList, chooseFeatures, quoteList } from "./columns.js";
import { datasets, resolveDataset, type Env } from "./datasets.js";
import { companionLabels, isIdxConfig, isIdxPath, loadIdxData, loadIdxForModel } from "./idx_load.js";
import { isImagesConfig, loadImageData, type ImageConfig } from "./image_load.js";
import { readCsv } from "./csv_read.js";
import { firstRows, keptRows } from "./kept_rows.js";
import { modelColumnRoles, modelRows, type MissingSource, type ModelData, type ModelRows, type ModelRowsOptions } from "./model_rows.js";
import { encodeTargets, resolveTargets, targetWidth, type TargetSpec } from "./labels.js";
import {
  applyPreprocessing,
  featureNames,
  fitPreprocessing,
  inputWidth,
  rescaleDivisor,
  type Preprocessing,
} from "./preprocessing.js";
import type { ColumnRole, RawTable } from "./raw_table.js";
import { foldParts, type FoldRows } from "./kfold.js";

export type { MissingSource, ModelData, ModelRows, ModelRowsOptions };
import { splitRows } from "./split.js";
import { rowIdsOf, type Table } from "./table.js";

export interface PreparedData {
  task: TaskName;
  /** Input names after one-hot expansion (`age`, `color=red`). */
  features: string[];
  /** Shape of one sample: [features.length] for a CSV row, [h, w, 1] for IDX images (row-major, channels last). */
  shape: number[];
  target: string[];
  /** Sorted labels; binary [negative, positive]; multilabel the target names; regression null. */
  classes: string[] | null;
  train: Table;
  validation: Table | null;
  test: Table | null;
  preprocessing: Preprocessing;
  /** What the data suggests fixing in the config, one sentence each (an id column one-hot encoded). */
  warnings: string[];
  /** The training CSV as messages name it, its data rows, and the test CSV when test_path is set. */
  source: { file: string; rows: number; test_file?: string; test_rows?: number };
  /** What the loader did, one line each (images decoded or read from the cache, files ignored). */
  notes?: string[];
  /** Images: the absolute path of each row (row r is path[r - 1]; test_path's rows: test_path[r - 1]). */
  imagePaths?: { path: string[]; test_path?: string[] };
}

export interface LoadOptions {
  /** Folder that relative data paths are resolved against (the config's). */
  baseDir: string;
  /** Split seed. */
  seed: number;
  env?: Env;
  /**
   * Allocator of the training table's feature matrix (default new Float32Array). fit passes the
   * engine's Kernels.alloc, so that shuffled batches are gathered by the kernels (in WebAssembly, on
   * both threads) with no copy of the table.
   */
  alloc?: (length: number) => Float32Array;
  /**
   * Cross-validation: the train and validation rows (1-based row ids) of one fold, instead of the
   * split's. They must be the split's train and validation rows, re-divided; the test split is left
   * out (test null; data.test_path is not read): a fold never sees it.
   */
  fold?: FoldRows;
  /**
   * The CSV's bytes, already in memory (data from code, src/lib/data.ts): cfg.path then only names it in
   * messages. Not for IDX data or data.test_path.
   */
  bytes?: Buffer;
}

/** A path as messages show it: relative to the working directory when that is shorter. */
export function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel !== "" && rel.length < abs.length ? rel : abs;
}

export async function loadData(cfg: DataConfig, opts: LoadOptions): Promise<PreparedData> {
  if (isImagesConfig(cfg)) return loadImageData(cfg, opts);
  if (isIdxConfig(cfg)) return loadIdxData(cfg, opts);
  if (cfg.path === undefined || cfg.target === undefined) {
    throw new MltrainError("config.invalid", "a CSV needs data.path and data.target", { path: "data" });
  }
  const targets = asList(cfg.target);
  const abs = path.resolve(opts.baseDir, cfg.path);
  const file = opts.bytes ? cfg.path : displayPath(abs);
  let features: string[] = [];
  const raw = await readCsv(abs, {
    display: file,
    bytes: opts.bytes,
    delimiter: cfg.delimiter,
    missingIsError: cfg.missing === "error",
    select: (header) => {
      features = chooseFeatures(header, cfg, file);
      const codes = cfg.categorical ?? [];
      return header.map((h): ColumnRole | null =>
        targets.includes(h) ? "target" : codes.includes(h) ? "category" : features.includes(h) ? "feature" : null,
      );
    },
  });
  const kept = firstRows(keptRows(raw, features, targets, cfg.missing), cfg.limit);
  const spec = resolveTargets(raw, targets, cfg, kept);

  const { train: rTrain, validation: rVal, test: rTest } = cfg.split;
  const ratios: [number, number, number] = cfg.test_path ? [rTrain, rVal, 0] : [rTrain, rVal, rTest];
  const strata = cfg.split.stratify && spec.task !== "regression" ? strataOf(raw, targets, spec, kept) : null;
  const split = splitRows(kept.length, {
    ratios,
    shuffle: cfg.split.shuffle,
    seed: opts.seed,
    strata: strata?.keys ?? null,
    strataNames: strata?.names ?? [],
    file,
  }).map((positions) => positions.map((p) => kept[p]));
  const parts = opts.fold ? foldParts(split, opts.fold, file) : split;

  const preprocessing = fitPreprocessing(raw, features, parts[0], cfg.normalize, cfg.missing, rescaleDivisor(cfg.rescale), cfg.categorical);
  const table = (rows: Int32Array, alloc?: (length: number) => Float32Array): Table => buildTable(raw, rows, preprocessing, targets, spec, alloc);
  const prepared: PreparedData = {
    task: spec.task,
    features: featureNames(preprocessing),
    shape: [inputWidth(preprocessing)],
    target: targets,
    classes: spec.classes,
    train: table(parts[0], opts.alloc),
    validation: ratios[1] > 0 || opts.fold ? table(parts[1]) : null,
    test: ratios[2] > 0 && !opts.fold ? table(parts[2]) : null,
    preprocessing,
    warnings: idWarnings(idLikeColumns(raw, preprocessing, parts[0], cfg.categorical ?? []), cfg.ignore, file),
    source: { file, rows: raw.rows },
  };
  if (cfg.test_path && !opts.fold) {
    const testAbs = path.resolve(opts.baseDir, cfg.test_path);
    const t = await loadForModel(testAbs, { ...prepared, task: spec.task }, { requireTarget: true, delimiter: cfg.delimiter, limit: cfg.limit });
    prepared.test = { x: t.x, y: t.y!, rows: t.rows, nIn: inputWidth(preprocessing), nOut: targetWidth(spec, targets), rowIds: t.rowIds };
    prepared.source.test_file = displayPath(testAbs);
    prepared.source.test_rows = t.rows;
  }
  return prepared;
}

/**
 * Read `file` (resolved against the working directory) for a trained model: the same columns by name,
 * the same transform. A missing column or an unseen label is a data.mismatch error.
 * IDX images (`*-idx3-ubyte[.gz]`, `*.idx[.gz]`) are read as fit reads them, their labels from
 * `opts.labels` or the file named like them (`...-labels-idx1-...`); a dataset name that is not a
 * file (`fashion-mnist`) means that dataset's test images and labels.
 */
export async function loadForModel(
  file: string,
  model: ModelData,
  opts: {
    delimiter?: string;
    labels?: string;
    env?: Env;
    /** The CSV's bytes, already read (standard input, an HTTP body): `file` is then only the name messages use. */
    bytes?: Buffer;
  } & ModelRowsOptions,
): Promise<ModelRows> {
  const abs = opts.bytes ? file : path.resolve(file);
  const display = opts.bytes ? file : displayPath(abs);
  const name = path.basename(abs);
  const dataset = !opts.bytes && !existsSync(abs) && Object.hasOwn(datasets, name) ? resolveDataset(name as DatasetName, opts.env ?? process.env) : null;
  if (!opts.bytes && (dataset || isIdxPath(abs) || opts.labels !== undefined)) {
    if (opts.keep && opts.keep.length > 0) {
      throw new MltrainError("data.mismatch", `--keep copies CSV columns; IDX images have none (asked for ${quoteList(opts.keep)})`, { file: display });
    }
    const images = dataset ? dataset.testImages : abs;
    const labels = dataset ? dataset.testLabels : opts.labels !== undefined ? path.resolve(opts.labels) : companionLabels(abs);
    const names = model.labelNames ?? dataset?.dataset.classes;
    return loadIdxForModel(images, labels, { ...model, labelNames: names }, opts);
  }
  const raw = await readCsv(abs, {
    display,
    bytes: opts.bytes,
    delimiter: opts.delimiter,
    missingIsError: model.preprocessing.missing === "error",
    missingHint: opts.missing?.hint,
    select: (header) => modelColumnRoles(header, model, opts, display),
  });
  return modelRows(raw, model, opts);
}

/** A text column is taken for an id when it has at least this many categories... */
const ID_MIN_CATEGORIES = 20;
/** ...and more categories than this fraction of its train rows (a category then holds fewer than 2 rows on average). */
const ID_MIN_UNIQUE = 0.5;

/** Text feature columns one-hot encoded into many inputs that are mostly unique per row (not data.categorical's). */
function idLikeColumns(raw: RawTable, p: Preprocessing, train: Int32Array, explicit: string[]): { name: string; categories: number; rows: number }[] {
  const out: { name: string; categories: number; rows: number }[] = [];
  for (const t of p.columns) {
    if (t.kind !== "categorical" || explicit.includes(t.name)) continue;
    const text = raw.columns.get(t.name)!.text!;
    let rows = 0;
    for (let i = 0; i < train.length; i++) if (text[train[i]] !== undefined) rows++;
    const k = t.categories.length;
    if (k >= ID_MIN_CATEGORIES && k > ID_MIN_UNIQUE * rows) out.push({ name: t.name, categories: k, rows });
  }
  return out;
}

/** One warning per id-like column; the data.ignore it suggests lists the ignored columns and every id-like one. */
function idWarnings(ids: { name: string; categories: number; rows: number }[], ignore: string[], file: string): string[] {
  const suggested = [...ignore, ...ids.map((w) => w.name)].join(", ");
  return ids.map(
    (w) =>
      `${file}: column ${JSON.stringify(w.name)} has ${w.categories} distinct values in ${w.rows} train rows, like an id: one-hot encoding makes ` +
      `${w.categories} inputs that say nothing about new rows; leave it out with data.ignore: [${suggested}] (or list data.features)`,
  );
}

/** Stratification keys: the class (multiclass, binary) or the combination of 0/1 labels (multilabel). */
function strataOf(raw: RawTable, targets: string[], spec: TargetSpec, rows: Int32Array): { keys: Int32Array; names: string[] } {
  const cols = targets.map((t) => raw.columns.get(t)!);
  const index = new Map<string, number>();
  const keys = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const name = spec.task === "multilabel" ? cols.map((c) => `${c.name}=${c.num[r]}`).join(",") : (cols[0].text![r] ?? "");
    let k = index.get(name);
    if (k === undefined) index.set(name, (k = index.size));
    keys[i] = k;
  }
  return { keys, names: [...index.keys()] };
}

function buildTable(
  raw: RawTable,
  rows: Int32Array,
  p: Preprocessing,
  targets: string[],
  spec: TargetSpec,
  alloc: (length: number) => Float32Array = (n) => new Float32Array(n),
): Table {
  const nIn = inputWidth(p);
  const nOut = targetWidth(spec, targets);
  const x = alloc(rows.length * nIn);
  const y = new Float32Array(rows.length * nOut);
  applyPreprocessing(raw, p, rows, x);
  encodeTargets(raw, targets, spec, rows, y);
  return { x, y, rows: rows.length, nIn, nOut, rowIds: rowIdsOf(rows) };
}
