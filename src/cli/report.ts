// `mltrain report RUN_DIR... [-o FILE]`: one self-contained HTML file (inline CSS and SVG, no script, no
// network) from one or several run folders. Default output: RUN_DIR/report.html for one run,
// ./report.html for several (their curves overlaid, one colour per run).
import path from "node:path";
import type { Command } from "commander";
import { MltrainError } from "../errors.js";
import type { CliIo } from "./io.js";

export interface ReportOptions {
  output?: string;
}

export function registerReport(program: Command, io: CliIo): void {
  program
    .command("report")
    .description("write a self-contained HTML report (curves, learning rate, confusion matrix, ROC, ...) of one or several runs")
    .argument("<run_dir...>", "run folders written by mltrain fit (several: their curves are overlaid)")
    .option("-o, --output <file>", "HTML file (default: RUN_DIR/report.html for one run, ./report.html for several)")
    .action(async (dirs: string[], opts: ReportOptions) => {
      const file = await writeHtmlReport(dirs, opts.output, io.cwd);
      io.stdout.write(`Wrote ${path.relative(io.cwd, file) || file}\n`);
    });
}

/**
 * Build the report of the run folders and write it atomically; returns the absolute path written.
 * `shownAs`: the folders' names in the report when they are read from elsewhere (fit's staging folder).
 */
export async function writeHtmlReport(dirs: readonly string[], output: string | undefined, cwd: string, shownAs: readonly string[] = dirs): Promise<string> {
  const { buildReportHtml, loadRun } = await import("../report/index.js");
  const { writeFileAtomic } = await import("../io/index.js");
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
