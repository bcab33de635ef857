// The report as a file: the HTML of one or several run folders (a cv folder counts as its folds), or
// of one study folder (`mltrain tune`'s, recognised by its study.jsonl), written atomically (`mltrain
// report`, and fit's --report into its staging folder).
import path from "node:path";
import { MltrainError } from "../errors.js";
import { writeFileAtomic } from "../io/index.js";
import { shownSplit } from "./charts.js";
import { buildReportHtml } from "./html.js";
import { buildGallery } from "./image_gallery.js";
import { cvFileOf, loadRuns, type RunData } from "./run_data.js";
import { isStudyDir, loadStudy, STUDY_JOURNAL } from "./study_data.js";
import { buildStudyHtml } from "./study_html.js";

/** The run with its thumbnails when it is an image run (images.csv). */
export async function withGallery(run: RunData): Promise<RunData> {
  if (!run.images) return run;
  return { ...run, gallery: await buildGallery(run.images, run.report.data.classes ?? [], shownSplit(run)?.split ?? null) };
}

/**
 * Build the report of the run folders and write it atomically; returns the absolute path written.
 * `shownAs`: the folders' names in the report when they are read from elsewhere (fit's staging folder).
 */
export async function writeHtmlReport(dirs: readonly string[], output: string | undefined, cwd: string, shownAs: readonly string[] = dirs): Promise<string> {
  if (dirs.length === 0) throw new MltrainError("usage", "give at least one run folder");
  const studies = dirs.filter((d) => isStudyDir(path.resolve(cwd, d)));
  if (studies.length > 0 && dirs.length > 1) {
    throw new MltrainError("usage", `${studies[0]} is a study folder (it has ${STUDY_JOURNAL}); a study is reported on its own: mltrain report ${studies[0]}`);
  }
  // a study folder: its own report; run folders: the run report (overlaid when several)
  const html =
    studies.length === 1
      ? buildStudyHtml(loadStudy(path.resolve(cwd, dirs[0]), shownAs[0]))
      : buildReportHtml(
          await Promise.all(loadRuns(dirs.map((d) => path.resolve(cwd, d)), shownAs).map(withGallery)),
          dirs.length === 1 ? cvFileOf(path.resolve(cwd, dirs[0])) : null,
        );
  const file = path.resolve(cwd, output ?? (dirs.length === 1 ? path.join(dirs[0], "report.html") : "report.html"));
  try {
    writeFileAtomic(file, html);
  } catch (err) {
    if (err instanceof MltrainError) throw err;
    throw new MltrainError("io.write", `cannot write ${path.relative(cwd, file) || file}: ${(err as Error).message}`);
  }
  return file;
}
