// loadData for images (data.format images): a class-folder tree or a CSV of image paths, into the same
// PreparedData as a CSV or IDX file. Each image becomes a [h, w, c] sample, flattened to features
// pixel_0 … pixel_{h·w·c-1} (row-major, channels last) with the per-pixel transform IDX images get
// (idx_load.ts: data.rescale, data.normalize fitted on the train split). Pixels are 0-255 before rescale.
// The classes are the sorted sub-folder names (or the CSV's sorted labels); the split is stratified and
// seeded as for a CSV; row r is the r-th image of the listing (image_files.ts), PreparedData.images.path[r-1].
import { statSync } from "node:fs";
import path from "node:path";
import type { DataConfig, TaskName } from "../config/schema.js";
import { MltrainError } from "../errors.js";
import { ImageCache, imageCacheDir } from "./image_cache.js";
import type { ImageSpec } from "./image_decode.js";
import { ignoredNote, listClassFolders, listImageArgs, type ImageEntry, type ImageListing } from "./image_files.js";
import { badImagesWarning, readImages, type BadImages, type ImagePixels } from "./image_pixels.js";
import { buildTable, fitPixels, pixelsOf, targetsOf, type IdxRows } from "./idx_load.js";
import { readCsv } from "./csv_read.js";
import { sortLabels } from "./labels.js";
import type { LoadOptions, ModelData, ModelRows, PreparedData } from "./load.js";
import { displayPath } from "./load.js";
import { rescaleDivisor } from "./preprocessing.js";
import { foldParts } from "./kfold.js";
import { splitRows } from "./split.js";
import { rowIdsOf } from "./table.js";

/** Keras's defaults: image_size (256, 256), color_mode "rgb". */
export const DEFAULT_IMAGE_SIZE: readonly [number, number] = [256, 256];

/** The image keys of data, as model.json's config keeps them (eval and predict read them back). */
export interface ImageConfig {
  image_size?: readonly [number, number] | readonly number[];
  color_mode?: "grayscale" | "rgb";
  bad_images?: BadImages;
}

/** The decoded sample's size and channels from the config (defaults filled). */
export function imageSpec(cfg: ImageConfig): ImageSpec {
  const [height, width] = cfg.image_size ?? DEFAULT_IMAGE_SIZE;
  return { height, width, channels: cfg.color_mode === "grayscale" ? 1 : 3 };
}

export function isImagesConfig(cfg: DataConfig): boolean {
  return cfg.dataset === undefined && (cfg.format === "images" || (cfg.format === undefined && (cfg.image_size !== undefined || cfg.color_mode !== undefined || cfg.image_column !== undefined)));
}

/** A training or test source listed: folder tree (label = folder) or CSV (label = target cell). */
async function listSource(abs: string, cfg: DataConfig, needClasses: number): Promise<ImageListing> {
  if (cfg.image_column === undefined) return listClassFolders(abs, displayPath, needClasses);
  const file = displayPath(abs);
  const target = Array.isArray(cfg.target) ? cfg.target[0] : cfg.target!;
  const column = cfg.image_column;
  const raw = await readCsv(abs, {
    display: file,
    delimiter: cfg.delimiter,
    missingIsError: true,
    missingHint: "every row needs an image path and a label",
    select: (header) => {
      for (const [name, key] of [[column, "data.image_column"], [target, "data.target"]] as const) {
        if (!header.includes(name)) {
          throw new MltrainError("data.missing_column", `no column ${JSON.stringify(name)} (${key}); the columns are ${header.join(", ")}`, { file, line: 1, path: key });
        }
      }
      return header.map((h) => (h === column || h === target ? "keep" : null));
    },
  });
  const paths = raw.columns.get(column)!.text!;
  const labels = raw.columns.get(target)!.text!;
  const dir = path.dirname(abs);
  const listed: string[] = [];
  for (let r = 0; r < raw.rows; r++) {
    const missing = paths[r] === undefined ? column : labels[r] === undefined ? target : null;
    if (missing !== null) {
      throw new MltrainError("data.parse", `missing ${missing === column ? "image path" : "label"}: every row needs an image path and a label`, { file, line: raw.lines[r], col: raw.columns.get(missing)!.index + 1 });
    }
    const at = path.resolve(dir, paths[r]!);
    let isFile = false;
    try {
      isFile = statSync(at).isFile();
    } catch {
      /* named below */
    }
    if (!isFile) {
      throw new MltrainError("data.io", `no image file ${JSON.stringify(paths[r])} (looked for ${displayPath(at)}; paths are relative to the CSV's folder)`, { file, line: raw.lines[r], col: raw.columns.get(column)!.index + 1 });
    }
    listed.push(at);
  }
  if (listed.length === 0) throw new MltrainError("data.empty", "no data rows: the CSV lists no images", { file });
  const found = listImageArgs(listed, dir, displayPath);
  const entries = found.entries.map((e, r): ImageEntry => ({ ...e, label: labels[r]! }));
  const classes = sortLabels(new Set(entries.map((e) => e.label)));
  if (classes.length < needClasses) {
    throw new MltrainError("data.empty", `only one label (${JSON.stringify(classes[0])}) in column ${JSON.stringify(target)}; a classifier needs at least 2`, { file, path: "data.target" });
  }
  return { entries, classes, ignored: [] };
}

/** Binary (2 classes, or task binary) or multiclass, and the class order: binary [negative, positive]. */
function decideClasses(cfg: DataConfig, classes: string[], file: string): { task: TaskName; classes: string[] } {
  const task: TaskName = cfg.task === "auto" ? (classes.length === 2 ? "binary" : "multiclass") : cfg.task;
  if (task === "binary") {
    if (classes.length !== 2) throw new MltrainError("data.parse", `a binary task needs 2 classes, the images have ${classes.length} (${classes.join(", ")}); use task: multiclass`, { file, path: "data.task" });
    if (cfg.positive !== undefined) {
      const p = classes.indexOf(String(cfg.positive));
      if (p < 0) throw new MltrainError("config.invalid", `positive ${JSON.stringify(cfg.positive)} is not a class; the classes are ${classes.join(", ")}`, { path: "data.positive" });
      if (p === 0) return { task, classes: [classes[1], classes[0]] };
    }
  }
  return { task, classes };
}

/** The decoded images of a listing as IdxRows (the IDX tables' builders take them) and each image's class index. */
function asRows(listing: ImageListing, px: ImagePixels, spec: ImageSpec, classes: string[], file: string): { rows: IdxRows; classIndex: Int32Array; paths: string[] } {
  const n = px.kept.length;
  const classIndex = new Int32Array(n);
  const paths: string[] = [];
  for (let j = 0; j < n; j++) {
    const e = listing.entries[px.kept[j]];
    const c = classes.indexOf(e.label);
    if (c < 0) throw new MltrainError("data.mismatch", `class ${JSON.stringify(e.label)} of ${e.shown} is not one of the training classes (${classes.join(", ")})`, { file });
    classIndex[j] = c;
    paths.push(e.abs);
  }
  const shape = [spec.height, spec.width, spec.channels];
  const k = spec.height * spec.width * spec.channels;
  return { rows: { file, labelsFile: file, pixels: px.pixels, labels: new Uint8Array(0), n, k, shape }, classIndex, paths };
}

function cacheFor(spec: ImageSpec, env: NodeJS.ProcessEnv | undefined): ImageCache {
  return new ImageCache(imageCacheDir(env ?? process.env), spec);
}

/** The line saying how the images were read: decoded now or from the cache (where). */
function readNote(what: string, px: ImagePixels, cache: ImageCache): string {
  const failed = cache.writeFailures > 0 ? ` (${cache.writeFailures} could not be cached: ${cache.dir} is not writable)` : "";
  return `${what}: ${px.kept.length} image${px.kept.length === 1 ? "" : "s"}, ${px.decoded} decoded, ${px.cached} from the cache (${cache.dir})${failed}`;
}

export async function loadImageData(cfg: DataConfig, opts: LoadOptions): Promise<PreparedData> {
  if (cfg.path === undefined) throw new MltrainError("config.invalid", "image data needs data.path (a class-folder tree or a CSV with data.image_column)", { path: "data" });
  const spec = imageSpec(cfg);
  const abs = path.resolve(opts.baseDir, cfg.path);
  const file = displayPath(abs);
  const policy = cfg.bad_images ?? "error";
  const cache = cacheFor(spec, opts.env);
  const listing = await listSource(abs, cfg, 2);
  if (cfg.limit !== undefined) listing.entries = listing.entries.slice(0, cfg.limit);
  const px = await readImages(listing.entries, spec, { cache, badImages: policy });
  const { task, classes } = decideClasses(cfg, listing.classes, file);
  const train = asRows(listing, px, spec, classes, file);
  if (train.rows.n === 0) throw new MltrainError("data.empty", "no image could be read", { file });

  // cross-validation (opts.fold) never reads the test folder
  const testAbs = cfg.test_path === undefined || opts.fold ? null : path.resolve(opts.baseDir, cfg.test_path);
  const testListing = testAbs === null ? null : await listSource(testAbs, cfg, 1);
  if (testListing && cfg.limit !== undefined) testListing.entries = testListing.entries.slice(0, cfg.limit);
  const testPx = testListing ? await readImages(testListing.entries, spec, { cache, badImages: policy }) : null;
  const test = testListing && testPx ? asRows(testListing, testPx, spec, classes, displayPath(testAbs!)) : null;

  const { train: rTrain, validation: rVal, test: rTest } = cfg.split;
  const ratios: [number, number, number] = test ? [rTrain, rVal, 0] : [rTrain, rVal, rTest];
  const split = splitRows(train.rows.n, {
    ratios,
    shuffle: cfg.split.shuffle,
    seed: opts.seed,
    strata: cfg.split.stratify ? train.classIndex : null,
    strataNames: cfg.split.stratify ? classes : [],
    file,
  });
  const parts = opts.fold ? foldParts(split, opts.fold, file) : split;
  const preprocessing = fitPixels(train.rows, parts[0], cfg.normalize, rescaleDivisor(cfg.rescale));
  const nOut = task === "multiclass" ? classes.length : 1;
  const notes = [readNote(file, px, cache)];
  const ignored = ignoredNote(listing.ignored);
  if (ignored) notes.push(`${file}: ${ignored}`);
  const warnings = [badImagesWarning(px.bad)].filter((w): w is string => w !== null).map((w) => `${file}: ${w}`);
  const prepared: PreparedData = {
    task,
    features: preprocessing.columns.map((c) => c.name),
    shape: train.rows.shape,
    target: [cfg.image_column === undefined ? "label" : Array.isArray(cfg.target) ? cfg.target[0] : cfg.target!],
    classes,
    train: buildTable(train.rows, train.classIndex, parts[0], preprocessing, task, nOut, opts.alloc),
    validation: ratios[1] > 0 || opts.fold ? buildTable(train.rows, train.classIndex, parts[1], preprocessing, task, nOut) : null,
    test: ratios[2] > 0 && !opts.fold ? buildTable(train.rows, train.classIndex, parts[2], preprocessing, task, nOut) : null,
    preprocessing,
    warnings,
    notes,
    imagePaths: { path: train.paths },
    source: { file, rows: train.rows.n },
  };
  if (test && testPx && testListing) {
    const all = Int32Array.from({ length: test.rows.n }, (_, i) => i);
    prepared.test = buildTable(test.rows, test.classIndex, all, preprocessing, task, nOut);
    prepared.imagePaths!.test_path = test.paths;
    prepared.source.test_file = displayPath(testAbs!);
    prepared.source.test_rows = test.rows.n;
    notes.push(readNote(displayPath(testAbs!), testPx, cache));
    const w = badImagesWarning(testPx.bad);
    if (w) warnings.push(`${displayPath(testAbs!)}: ${w}`);
  }
  return prepared;
}

/**
 * eval's and predict's images for a model trained on images (model.images): eval (requireTarget) takes
 * one class-folder tree, its folders being among the model's classes; predict takes image files and
 * folders (walked recursively). Decoded as fit decoded them, through the same cache; a bad image is an
 * error naming it unless the model's data.bad_images is skip (eval leaves it out; predict too, saying so).
 */
export async function loadImagesForModel(
  args: readonly string[],
  model: ModelData,
  opts: { requireTarget: boolean; cwd: string; env?: NodeJS.ProcessEnv },
): Promise<ModelRows & { notes: string[]; bad: ImagePixels["bad"] }> {
  const cfg = model.images!;
  const spec = imageSpec(cfg);
  const want = [spec.height, spec.width, spec.channels];
  if (model.shape !== undefined && model.shape.join(",") !== want.join(",")) {
    throw new MltrainError("model.bad_format", `corrupted model file: input.shape is [${model.shape.join(", ")}], its config's images are [${want.join(", ")}]`);
  }
  const show = (abs: string) => displayPath(abs);
  let listing: ImageListing;
  if (opts.requireTarget) {
    if (args.length !== 1) throw new MltrainError("usage", `eval scores one class-folder tree (DIR/CLASS/image.png), got ${args.length} paths`);
    listing = listClassFolders(path.resolve(opts.cwd, args[0]), show, 1);
    const classes = model.classes ?? [];
    const unknown = listing.classes.filter((c) => !classes.includes(c));
    if (unknown.length > 0) {
      throw new MltrainError("data.mismatch", `class folder${unknown.length === 1 ? "" : "s"} ${unknown.map((u) => JSON.stringify(u)).join(", ")} ${unknown.length === 1 ? "is" : "are"} not among the model's classes (${classes.join(", ")})`, { file: show(path.resolve(opts.cwd, args[0])) });
    }
  } else {
    listing = listImageArgs(args, opts.cwd, show);
  }
  const cache = cacheFor(spec, opts.env);
  const px = await readImages(listing.entries, spec, { cache, badImages: cfg.bad_images ?? "error", skipHint: "data.bad_images: skip in the training config" });
  const n = px.kept.length;
  if (n === 0) throw new MltrainError("data.empty", "no image could be read");
  const src: IdxRows = { file: "", labelsFile: "", pixels: px.pixels, labels: new Uint8Array(0), n, k: want[0] * want[1] * want[2], shape: want };
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const x = pixelsOf(src, all, model.preprocessing);
  let y: Float32Array | null = null;
  if (opts.requireTarget) {
    const classes = model.classes ?? [];
    const classIndex = Int32Array.from(px.kept, (i) => classes.indexOf(listing.entries[i].label));
    y = targetsOf(src, classIndex, all, model.task, model.task === "multiclass" ? classes.length : 1);
  }
  const notes = [readNote(args.length === 1 ? show(path.resolve(opts.cwd, args[0])) : `${args.length} paths`, px, cache)];
  const ignored = ignoredNote(listing.ignored);
  if (ignored) notes.push(ignored);
  return {
    x,
    y,
    rows: n,
    rowIds: rowIdsOf(all),
    keep: Array.from(px.kept, (i) => [listing.entries[i].shown]),
    skipped: { rowIds: new Int32Array(0), keep: [] },
    notes,
    bad: px.bad,
  };
}
