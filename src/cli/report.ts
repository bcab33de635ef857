// `mltrain report RUN_DIR... [-o FILE]`: one self-contained HTML file (inline CSS and SVG, no script, no
// network) from one or several run folders, or from one study folder (`mltrain tune`'s: its trials,
// parameters and the best trial's run report). Default output: DIR/report.html for one folder,
// ./report.html for several runs (their curves overlaid, one colour per run).
import path from "node:path";
import type { Command } from "commander";
import type { CliIo } from "./io.js";

export interface ReportOptions {
  output?: string;
}

export function registerReport(program: Command, io: CliIo): void {
  program
    .command("report")
    .description("write a self-contained HTML report (curves, learning rate, confusion matrix, ROC, ...) of one or several runs, or of a study")
    .argument("<run_dir...>", "run folders written by mltrain fit (several: their curves are overlaid), or one study folder written by mltrain tune")
    .option("-o, --output <file>", "HTML file (default: DIR/report.html for one folder, ./report.html for several)")
    .action(async (dirs: string[], opts: ReportOptions) => {
      const { writeHtmlReport } = await import("../report/index.js");
      const file = await writeHtmlReport(dirs, opts.output, io.cwd);
      io.stdout.write(`Wrote ${path.relative(io.cwd, file) || file}\n`);
    });
}
