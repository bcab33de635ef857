// Which files are images, and which class each belongs to: a class-folder tree (Keras's
// image_dataset_from_directory layout), a CSV of image paths and labels (Ludwig's), or the files and
// folders given to predict. Images are recognised by their first bytes (PNG's or JPEG's signature),
// whatever their names. The rules, in order (README "Image folders"):
//   1. names starting with "." (hidden files and folders) are skipped;
//   2. files directly in DIR, beside the class folders, are ignored (said in --dry-run);
//   3. in a class folder and its sub-folders, a file starting with PNG's or JPEG's signature is an image;
//   4. a file named *.png, *.jpg or *.jpeg that does not is a bad image (data.bad_images);
//   5. any other file is ignored (said in --dry-run).
import { openSync, readSync, closeSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { MltrainError } from "../errors.js";

export type ImageKind = "png" | "jpeg";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const IMAGE_NAME = /\.(png|jpe?g)$/i;

/** PNG or JPEG from a file's first bytes, else null. */
export function sniffImage(head: Uint8Array): ImageKind | null {
  const starts = (sig: number[]) => head.length >= sig.length && sig.every((b, i) => head[i] === b);
  return starts(PNG_SIGNATURE) ? "png" : starts(JPEG_SIGNATURE) ? "jpeg" : null;
}

/** The first 8 bytes of a file. */
function headOf(abs: string): Uint8Array {
  const fd = openSync(abs, "r");
  try {
    const buf = new Uint8Array(8);
    const n = readSync(fd, buf, 0, 8, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export interface ImageEntry {
  /** Absolute path. */
  abs: string;
  /** The path as messages and predictions show it. */
  shown: string;
  /** The class (folder name or label cell); "" when unknown (predict). */
  label: string;
  /** Null when the file does not start like a PNG or JPEG although it is named like one (rule 4). */
  kind: ImageKind | null;
}

export interface ImageListing {
  entries: ImageEntry[];
  /** Sorted class names (folder mode: every class folder; CSV mode: the labels). */
  classes: string[];
  /** Files left out by rules 2 and 5, as shown paths. */
  ignored: string[];
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Visible entries of a folder, sorted by name (code units, as Python's sorted() in Keras). */
function visible(dirAbs: string): string[] {
  return readdirSync(dirAbs)
    .filter((n) => !n.startsWith("."))
    .sort(byName);
}

/** Rules 3-5 for one file: the entry, or null when ignored. */
function classify(abs: string, show: (abs: string) => string, label: string): ImageEntry | null {
  const kind = sniffImage(headOf(abs));
  if (kind === null && !IMAGE_NAME.test(abs)) return null;
  return { abs, shown: show(abs), label, kind };
}

/** Every file under a folder (recursive, sorted at each level; rule 1), in order. */
function filesUnder(dirAbs: string): string[] {
  const out: string[] = [];
  for (const name of visible(dirAbs)) {
    const abs = path.join(dirAbs, name);
    const st = statSync(abs);
    if (st.isDirectory()) out.push(...filesUnder(abs));
    else if (st.isFile()) out.push(abs);
  }
  return out;
}

/**
 * A class-folder tree: one sub-folder per class (sorted names), its images in sorted path order, class
 * by class. No class folder, an empty one, or a single one (with `needClasses`) is data.empty (exit 2).
 */
export function listClassFolders(dirAbs: string, show: (abs: string) => string, needClasses = 2): ImageListing {
  const shownDir = show(dirAbs);
  let st;
  try {
    st = statSync(dirAbs);
  } catch {
    throw new MltrainError("data.io", "no such folder (an image folder holds one sub-folder of images per class)", { file: shownDir });
  }
  if (!st.isDirectory()) {
    throw new MltrainError("data.io", "not a folder: data.format images takes a folder with one sub-folder of images per class, or a CSV with data.image_column", { file: shownDir });
  }
  const entries: ImageEntry[] = [];
  const ignored: string[] = [];
  const classes: string[] = [];
  for (const name of visible(dirAbs)) {
    const abs = path.join(dirAbs, name);
    if (!statSync(abs).isDirectory()) {
      ignored.push(show(abs));
      continue;
    }
    classes.push(name);
    let found = 0;
    for (const f of filesUnder(abs)) {
      const e = classify(f, show, name);
      if (e) {
        entries.push(e);
        found++;
      } else ignored.push(show(f));
    }
    if (found === 0) {
      throw new MltrainError("data.empty", `class folder ${JSON.stringify(name)} has no PNG or JPEG images; add images or remove the folder`, { file: show(abs) });
    }
  }
  if (classes.length === 0) {
    throw new MltrainError("data.empty", "no class folders: an image folder holds one sub-folder of images per class (DIR/cat/1.png, DIR/dog/2.jpg, ...)", { file: shownDir });
  }
  if (classes.length < needClasses) {
    throw new MltrainError("data.empty", `only one class folder (${JSON.stringify(classes[0])}); a classifier needs at least 2 classes, one sub-folder each`, { file: shownDir });
  }
  return { entries, classes, ignored };
}

/**
 * predict's arguments: image files as given, and folders walked (recursively, rules 1, 3-5; the folder
 * tree's first level names the label when it is a class-folder tree, but predict does not need it).
 * A named file that is not an image is a bad image; a folder without images is data.empty.
 */
export function listImageArgs(args: readonly string[], cwd: string, show: (abs: string) => string): ImageListing {
  const entries: ImageEntry[] = [];
  const ignored: string[] = [];
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new MltrainError("data.io", "no such file or folder", { file: show(abs) });
    }
    if (st.isDirectory()) {
      const before = entries.length;
      for (const f of filesUnder(abs)) {
        const e = classify(f, show, "");
        if (e) entries.push(e);
        else ignored.push(show(f));
      }
      if (entries.length === before) throw new MltrainError("data.empty", "no PNG or JPEG images in this folder", { file: show(abs) });
    } else {
      entries.push({ abs, shown: show(abs), label: "", kind: sniffImage(headOf(abs)) });
    }
  }
  return { entries, classes: [], ignored };
}

/** One line on the files rules 2 and 5 left out, naming the first few; null when none. */
export function ignoredNote(ignored: readonly string[], max = 5): string | null {
  if (ignored.length === 0) return null;
  const shown = ignored.slice(0, max).join(", ") + (ignored.length > max ? `, … (${ignored.length - max} more)` : "");
  return `ignored ${ignored.length} file${ignored.length === 1 ? "" : "s"} that ${ignored.length === 1 ? "is" : "are"} not PNG or JPEG (by content) or not in a class folder: ${shown}`;
}
