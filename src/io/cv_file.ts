// cv.json, a cross-validation's summary (`mltrain cv`), and the cv folder it sits in:
//   DIR/cv.json, DIR/fold-1/ ... DIR/fold-K/ (each a run folder as fit writes it), with --repeats R > 1
//   DIR/r1-fold-1/ ... DIR/rR-fold-K/; a fold that diverged or was interrupted is DIR/fold-k.partial/.
// cv.json: {format: "mltrain-cv", version, name, task, mltrain_version, config, status, seed, folds,
// repeats, stratified, shuffle, data, loss_name, metrics, runs: [{repeat, fold, dir, status, epochs_run,
// best_epoch, rows, validation, validation_rows}], mean, std}. It holds no time or date, so the same
// config, data and flags give the same bytes (whatever --parallel).
import { writeFileAtomic } from "./atomic.js";
import { readVersionedJson } from "./read_json.js";
import { MltrainError } from "../errors.js";
import type { FolderContents } from "./run_dir.js";
import type { RunStatus } from "./report.js";

export const CV_FORMAT = "mltrain-cv";
export const CV_VERSION = 1;
export const CV_FILE = "cv.json";

/** One fold of one repeat: its run folder and its scores on its validation rows. */
export interface CvRun {
  /** 1-based repeat and fold. */
  repeat: number;
  fold: number;
  /** Its run folder, relative to the cv folder (fold-1, r2-fold-3, fold-4.partial). */
  dir: string;
  status: RunStatus;
  epochs_run: number;
  best_epoch: number;
  rows: { train: number; validation: number };
  /** The kept model's scores on the fold's validation rows (loss: loss_name); null when it diverged. */
  validation: Record<string, number | null> | null;
  /** The fold's validation rows (1-based data row numbers, ascending); its train rows are the repeat's other rows. */
  validation_rows: number[];
}

export interface CvFile {
  format: typeof CV_FORMAT;
  version: typeof CV_VERSION;
  name: string;
  task: string;
  mltrain_version: string;
  /** The config file as given on the command line, and its --set overrides (with --seed as seed=N). */
  config: string;
  overrides: string[];
  /** completed: every fold completed; diverged: one or more did (their scores are null); interrupted: Ctrl-C. */
  status: RunStatus;
  seed: number;
  folds: number;
  repeats: number;
  stratified: boolean;
  shuffle: boolean;
  data: {
    file: string;
    /** SHA-256 of the data file's bytes (CSV), else null. */
    sha256: string | null;
    /** The rows the folds divide (the split's train + validation), ascending; the test split's rows are set aside. */
    rows: number[];
    test_rows: number;
  };
  /** What `loss` is in the scores (log_loss, mse), and the score keys (loss first). */
  loss_name: string;
  metrics: string[];
  runs: CvRun[];
  /** Per score key, over the runs (every fold of every repeat): the mean and the population std (ddof=0); null when a run has no value. */
  mean: Record<string, number | null>;
  std: Record<string, number | null>;
}

/** A fold's run folder name: fold-F, or rR-fold-F with repeats. */
export function foldDirName(repeat: number, fold: number, repeats: number): string {
  return repeats > 1 ? `r${repeat}-fold-${fold}` : `fold-${fold}`;
}

/** What a cv folder may hold: cv.json, report.html and the fold folders (each replaced with the whole). */
export const CV_FOLDER: FolderContents = {
  writer: "mltrain cv",
  owns: (name, isDir) =>
    isDir ? /^(r\d+-)?fold-\d+(\.partial)?$/.test(name) : name === CV_FILE || name === "report.html" || name === ".DS_Store" || /^\..*\.tmp$/.test(name),
};

/** cv.json as 2-space JSON with each list of row numbers on one line. */
export function writeCvFile(file: string, cv: Omit<CvFile, "format" | "version">): void {
  const text = JSON.stringify({ format: CV_FORMAT, version: CV_VERSION, ...cv }, null, 2).replace(/\[\s*(-?\d+(?:,\s*-?\d+)*)\s*\]/g, (_, list: string) => `[${list.replace(/,\s*/g, ", ")}]`);
  writeFileAtomic(file, text + "\n");
}

/** cv.json read back (format and version checked; the run folders listed). */
export function readCvFile(file: string): CvFile {
  const obj = readVersionedJson(file, { format: CV_FORMAT, version: CV_VERSION, badFormat: "data.parse", badVersion: "data.parse", expected: "give the folder mltrain cv wrote" });
  const runs = obj.runs;
  if (!Array.isArray(runs) || !runs.every((r) => r !== null && typeof r === "object" && typeof (r as CvRun).dir === "string" && /^\w[\w.-]*$/.test((r as CvRun).dir))) {
    throw new MltrainError("data.parse", "cv.json: runs must list the fold folders ({dir: \"fold-1\", ...})", { file });
  }
  return obj as unknown as CvFile;
}
