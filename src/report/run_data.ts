// What the report draws, read from a run folder: metrics.json (the Report), config.yaml's text, and
// predictions.csv when fit wrote one (regression). A cv folder (cv.json, `mltrain cv`) stands for its
// fold folders, in cv.json's order.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { MltrainError } from "../errors.js";
import { CV_FILE, readCvFile, readReport, type CvFile, type Report } from "../io/index.js";
import type { Gallery } from "./image_gallery.js";
import { IMAGES_FILE, parseImagesCsv, type ImageRow } from "./image_rows.js";
import { parsePredictionsCsv, PREDICTIONS_FILE, type Predictions } from "./predictions.js";

export interface RunData {
  /** The folder as given (shown in the report). */
  dir: string;
  /** The run's name where several runs are drawn together: the config's name, or the folder when names repeat (cross-validation folds). */
  label: string;
  report: Report;
  configYaml: string | null;
  predictions: Predictions | null;
  /** An image run's images.csv (null for other runs). */
  images: ImageRow[] | null;
  /** Its thumbnails (html_file.ts's withGallery makes them; buildReportHtml draws them when present). */
  gallery?: Gallery;
}

export function loadRun(dir: string, shownAs = dir): RunData {
  const metrics = path.join(dir, "metrics.json");
  if (!existsSync(metrics)) {
    throw new MltrainError("data.io", `${shownAs}: no metrics.json in this folder (is it a run folder written by mltrain fit?)`);
  }
  const report = readReport(metrics);
  const cfg = path.join(dir, "config.yaml");
  const pred = path.join(dir, PREDICTIONS_FILE);
  const images = path.join(dir, IMAGES_FILE);
  return {
    dir: shownAs,
    label: report.name,
    report,
    configYaml: existsSync(cfg) ? readFileSync(cfg, "utf8") : null,
    predictions: existsSync(pred) ? parsePredictionsCsv(readFileSync(pred, "utf8"), report.predictions?.split) : null,
    images: existsSync(images) ? parseImagesCsv(readFileSync(images, "utf8")) : null,
  };
}

/**
 * The runs of the folders given: a run folder is one run; a cv folder (cv.json, no metrics.json) its
 * folds, labelled "NAME/fold-1" ... Runs whose labels repeat are labelled by their folders.
 */
/** The cv.json of a cv folder (one with cv.json and no metrics.json), else null. */
export function cvFileOf(dir: string): CvFile | null {
  const file = path.join(dir, CV_FILE);
  return existsSync(path.join(dir, "metrics.json")) || !existsSync(file) ? null : readCvFile(file);
}

export function loadRuns(dirs: readonly string[], shownAs: readonly string[] = dirs): RunData[] {
  const runs = dirs.flatMap((dir, i): RunData[] => {
    const cv = cvFileOf(dir);
    if (!cv) return [loadRun(dir, shownAs[i])];
    return cv.runs.map((r) => ({ ...loadRun(path.join(dir, r.dir), path.join(shownAs[i], r.dir)), label: `${cv.name}/${r.dir}` }));
  });
  const seen = new Map<string, number>();
  for (const r of runs) seen.set(r.label, (seen.get(r.label) ?? 0) + 1);
  return runs.map((r) => ((seen.get(r.label) ?? 0) > 1 ? { ...r, label: r.dir } : r));
}
