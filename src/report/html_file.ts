// The report as a file: the HTML of one or several run folders, written atomically (`mltrain report`,
// and fit's --report into its staging folder).
import path from "node:path";
import { MltrainError } from "../errors.js";
import { writeFileAtomic } from "../io/index.js";
import { buildReportHtml } from "./html.js";
import { loadRun } from "./run_data.js";

/**
 * Build the report of the run folders and write it atomically; returns the absolute path written.
 * `shownAs`: the folders' names in the report when they are read from elsewhere (fit's staging folder).
 */
export async function writeHtmlReport(dirs: readonly string[], output: string | undefined, cwd: string, shownAs: readonly string[] = dirs): Promise<string> {
  if (dirs.length === 0) throw new MltrainError("usage", "give at least one run folder");
  const runs = dirs.map((d, i) => loadRun(path.resolve(cwd, d), shownAs[i]));
  const file = path.resolve(cwd, output ?? (dirs.length === 1 ? path.join(dirs[0], "report.html") : "report.html"));
  try {
    writeFileAtomic(file, buildReportHtml(runs));
  } catch (err) {
    if (err instanceof MltrainError) throw err;
    throw new MltrainError("io.write", `cannot write ${path.relative(cwd, file) || file}: ${(err as Error).message}`);
  }
  return file;
}
