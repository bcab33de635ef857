// src/data: everything between a CSV on disk and the Float32Arrays the engine trains on.
//
// THE CONTRACT (src/train, src/cli and src/io code against these names):
//
//   loadData(cfg: DataConfig, { baseDir, seed, alloc? }): Promise<PreparedData>
//     cfg.path (and cfg.test_path) are resolved against baseDir (the config file's folder).
//     alloc(length) allocates train.x (fit passes Kernels.alloc: batches are then gathered by the kernels).
//     PreparedData = {
//       task,                 // TaskName; inferred when cfg.task is "auto" (rules below)
//       features: string[],   // input names after one-hot expansion: "age", "color=red", ...
//       target: string[],     // target column name(s)
//       classes,              // sorted labels | binary [negative, positive] | multilabel the target names | regression null
//       train: Table, validation: Table | null, test: Table | null,   // null when the ratio is 0 (test: and no test_path)
//       preprocessing,        // JSON-serialisable; model.json input.preprocessing; loadForModel applies it
//       warnings: string[],   // what the data suggests fixing in the config (an id column one-hot encoded)
//       source: { file, rows, test_file?, test_rows? },   // rows = data rows in the file
//     }
//     Table = { x: Float32Array [rows*nIn], y: Float32Array [rows*nOut], rows, nIn, nOut,
//               rowIds: Int32Array }   // rowIds: 1-based data row numbers of the file (row 1 = first after the header)
//     y: regression → the raw values, one column per target; binary → one 0/1 column (1 = positive);
//        multiclass → one-hot, one column per class in `classes` order; multilabel → one 0/1 column per target.
//
//   loadForModel(file, { features, target, task, classes, preprocessing }, { requireTarget, keep?, delimiter?, bytes?, missing? })
//     → { x, y (null unless requireTarget), rows, rowIds, keep: string[][], skipped: { rowIds, keep } }
//     bytes: the CSV already read (standard input; gzip recognised by its magic bytes). Missing cells
//     follow preprocessing.missing: withMissing(p, drop|mean|error) sets eval/predict's --missing (mean
//     from the stored train means); `skipped` lists the rows left out for a missing value.
//     For eval/predict: `file` relative to the working directory; columns matched by name (order and extra
//     columns do not matter); the stored transform; a missing column or an unseen label → data.mismatch.
//     `keep` names columns whose text is returned per row (an id column for predictions).
//     IDX images (`*-idx3-ubyte[.gz]`, `*.idx[.gz]`; labels from opts.labels or named like the images)
//     and dataset names that are not files (`fashion-mnist`: its test set) are read as fit reads them.
//     parsePreprocessing(json, file) checks model.json's input.preprocessing first (model.bad_format).
//     The CSV part is readCsv + modelRows(raw, model, opts) (model_rows.ts), which serve shares:
//     jsonRowsTable(rows, model) makes the RawTable of JSON rows ({feature: value}; types checked per
//     cell, errors at { file: JSON_ROWS, line: row number, path: field }); opts.unseen "error" refuses a
//     category the model never saw (default "ignore": an all-zero block).
//
//   loadData(cfg, { ..., fold: { train, validation } })   // cross-validation (src/data/kfold.ts)
//     the fold's train and validation rows (1-based row ids: exactly the split's train + validation
//     rows, re-divided) instead of the split's; test is null and data.test_path is not read.
//     assignFolds(n, { folds, strata, shuffle, seed, repeat }) → each row's validation fold;
//     cvRowsOf(data) → the train + validation rows in file order with their classes; foldRows(ids, assign, f).
//
//   new Batcher(table, { batchSize: number | "full", shuffle, kernels? })
//     batcher.startEpoch(rng)  // shuffle (if any) drawn from the trainer's Rng; nothing drawn when not shuffling
//     batcher.next(): Batch | null   // { x, y, rows, index }; the object and its buffers are reused
//     batcher.batchesPerEpoch, batcher.batchSize, batcher.sourceRow(r)
//     shuffle false (or a single batch): subarray views in file order, made once. shuffle true: rows
//     gathered by the kernels (default: the JS reference kernels) into two buffers from kernels.alloc,
//     in turn, batch b+1 in the background while batch b trains (batcher.settle() waits for it).
//
// RULES (README material):
// - CSV: header row required; `,` `;` TAB `|` detected from the header line (most frequent outside quotes)
//   unless data.delimiter; quoted fields, CRLF/LF/CR line ends, UTF-8 BOM, blank lines skipped; .csv.gz
//   decompressed. Cells are trimmed of spaces. Files without any `"` are parsed by a byte-level numeric
//   fast path; files with quotes by csv-parse; both apply the same cell rules.
// - Numbers: decimal notation only (`12`, `-3.5`, `.5`, `1e-3`); hex, Infinity, thousands separators are text.
// - Missing cells: empty, ?, NA, N/A, n/a, NaN, nan, -NaN, -nan, NULL, null, None, <NA>, #N/A, #N/A N/A, #NA,
//   -1.#IND, -1.#QNAN, 1.#IND, 1.#QNAN (pandas' defaults plus "?"). missing: error → data.parse at
//   file:line:col; drop → rows with a missing feature or target cell are dropped before the split;
//   mean → a missing numeric feature takes the train-split mean (a missing category: all-zero one-hot),
//   rows with a missing target are dropped.
// - A feature column whose first present cell is a number is numeric; a word further down is a data.parse
//   error (file:line:col). A column whose first present cell is text is categorical (unless numbers
//   outnumber its words: then its first word is that data.parse error): one-hot with the
//   categories of the train split, sorted; an unseen category (validation, test, eval, predict) is an
//   all-zero block, like scikit-learn's OneHotEncoder(handle_unknown="ignore"). One-hot inputs are not scaled.
//   data.categorical lists numeric code columns encoded the same way (each code as written is a category).
//   A text column with >= 20 categories, more than half its present train rows, looks like an id:
//   PreparedData.warnings says so and names the data.ignore to set (fit prints it on stderr).
// - normalize (numeric features only, fitted on the train split): standard (x-mean)/std with the population
//   std, like StandardScaler; minmax (x-min)/(max-min); none. A zero std or range scales by 1.
// - task auto: one target that is text, or whole numbers with at most 10 distinct values → binary (2
//   labels) or multiclass; other numbers → regression; several targets all 0/1 → multilabel, all numeric →
//   regression with several outputs. Labels are the file's text (`1.0` stays "1.0"); classes sorted
//   numerically when every label is a number, else by code point. Binary: positive = data.positive or the
//   last sorted label; classes = [negative, positive].
// - Split: the ratios become row counts by floor + largest remainder (ties: train, validation, test); a
//   nonzero ratio always gets at least one row. shuffle: a seeded permutation (Rng.derive(seed, SPLIT_SALT),
//   independent of the weight-init stream); without shuffle, file order. stratify (classification): each
//   class (binary/multiclass) or 0/1 label combination (multilabel) is split by its own counts; a class with
//   fewer rows than splits with a nonzero ratio → data.split naming it. Every split lists its rows in the
//   shuffled order (file order when not shuffling). test_path: the split ratios' test part is ignored and
//   train/validation are rescaled; the test file goes through the train preprocessing.
// - IDX (data.format idx, inferred from data.labels or an idx1/idx3-ubyte name; or data.dataset): images +
//   labels files, gzipped or not, any element type (idx.ts); each image flattened row-major to features
//   pixel_0..pixel_{k-1}, target "label". Integer labels → binary (2 classes) or multiclass, fractional →
//   regression; classes = data.class_names / the dataset's names in LABEL order, else the label numbers.
//   data.dataset resolves $MLTRAIN_DATA/NAME, ~/.cache/mltrain/NAME, the Debian folder (datasets.ts);
//   its test files are the test split. data.rescale divides numeric features before normalize (folded
//   into shift/scale, so model.json's transform is in the file's units); data.limit keeps the first N rows
//   of each file (CSV: among the first N data rows).
export { loadData, loadForModel, displayPath, type LoadOptions, type PreparedData, type ModelData, type ModelRows, type MissingSource } from "./load.js";
export { Batcher, type Batch, type BatchKernels, type BatcherOptions } from "./batcher.js";
export type { Table } from "./table.js";
export {
  featureNames,
  inputWidth,
  type Preprocessing,
  type ColumnTransform,
  type NumericTransform,
  type CategoricalTransform,
  parsePreprocessing,
  preprocessingSchema,
  withMissing,
  type MissingName,
} from "./preprocessing.js";
export { missingTokens } from "./cells.js";
export { inferredTaskReason } from "./labels.js";
export { SPLIT_SALT, splitCounts } from "./split.js";
export { assignFolds, cvRowsOf, foldRows, KFOLD_SALT, type CvRows, type FoldRows, type KFoldOptions } from "./kfold.js";
export { readCsv } from "./csv_read.js";
export { loadImagesForModel, imageSpec, DEFAULT_IMAGE_SIZE, type ImageConfig } from "./image_load.js";
export { badImagesWarning, readImages, type BadImages, type ImagePixels } from "./image_pixels.js";
export { ImageCache, imageCacheDir, DECODER_VERSION } from "./image_cache.js";
export { decodeImage, type ImageSpec } from "./image_decode.js";
export { resizeBilinear } from "./resize_bilinear.js";
export { sniffImage, listClassFolders, listImageArgs, type ImageEntry } from "./image_files.js";
export { readIdx, parseIdx, type IdxArray, type IdxType } from "./idx.js";
export { datasets, resolveDataset, datasetLocations, searchDirs, cacheDir, type Dataset } from "./datasets.js";
export { modelRows, modelColumnRoles, type ModelRowsOptions } from "./model_rows.js";
export { jsonRowsTable, JSON_ROWS } from "./json_rows.js";
