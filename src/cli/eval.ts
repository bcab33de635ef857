// `mltrain eval MODEL DATA [--labels FILE] [--missing POLICY] [--threshold T] [--report FILE] [--json]`: score a saved
// model on a labelled CSV (`-`: standard input), IDX images and labels, or a named dataset's test set.
// The CSV's columns are matched by name and prepared with the model's stored preprocessing (data
// module); the scoring is the one fit uses for metrics.json's evaluation (train/evaluate.ts), so the two
// cannot disagree. Output: a header and the metrics table (stdout); --report FILE writes {format:
// "mltrain-eval", version, model, data, rows, skipped_rows, task, metrics, thresholds} atomically; --json prints
// that object on stdout as one line and nothing else. Nothing is written unless everything before succeeded.
import path from "node:path";
import type { Command } from "commander";
import type { TaskName } from "../config/schema.js";
import type { MissingName } from "../data/index.js";
import type { MetricsObject } from "../metrics/index.js";
import type { ThresholdReport } from "../metrics/thresholds.js";
import { MltrainError } from "../errors.js";
import type { CliIo } from "./io.js";
import { missingHelp, missingOption, modelInput } from "./model_input.js";
import { threshold } from "./options.js";
import { imageRows } from "./image_input.js";
import { splitOption, splitRowNumbers, pickRows, type SplitChoice } from "./eval_split.js";
import { loadSavedModel } from "./saved_model.js";

export const EVAL_FORMAT = "mltrain-eval";
export const EVAL_VERSION = 1;

export interface EvalOptions {
  report?: string;
  json?: boolean;
  /** IDX labels file for IDX images (default: the one named like them, next to them). */
  labels?: string;
  /** How a row with a missing cell is treated (default: as the model was trained). */
  missing?: MissingName;
  /** Binary and multilabel: predict positive when p > threshold (default 0.5). */
  threshold?: number;
  /** Score only the rows of this split of the run (the run folder's metrics.json), or all after checking the file. */
  split?: SplitChoice;
}

/** The `eval --report` file (and the `--json` line). */
export interface EvalReport {
  format: typeof EVAL_FORMAT;
  version: typeof EVAL_VERSION;
  /** The model file, as given (relative to the working directory). */
  model: string;
  /** The CSV scored, as given. */
  data: string;
  /** --split: the run's split scored. */
  split?: SplitChoice;
  /** Rows scored (rows left out for a missing value are not counted). */
  rows: number;
  /** Rows left out for a missing value (--missing drop, or the model's missing: drop; a missing target). */
  skipped_rows: number;
  task: TaskName;
  metrics: MetricsObject;
  /** Binary and multilabel (label cells pooled): the threshold used, the trade-off and the F1-maximising one. */
  thresholds?: { threshold: number } & ThresholdReport;
}

export function registerEval(program: Command, io: CliIo): void {
  program
    .command("eval")
    .description("score a saved model on labelled data and print a metrics table")
    .argument("<model>", "model.json written by fit")
    .argument(
      "<data>",
      "CSV file with the model's feature and target columns (matched by name; - reads standard input), IDX images " +
        "(*-idx3-ubyte[.gz]) or a dataset name (fashion-mnist: its test set)",
    )
    .option("--labels <file>", "IDX labels of IDX images (default: the file named like them, e.g. t10k-labels-idx1-ubyte.gz)")
    .option("--missing <policy>", missingHelp("leave the row out, and say how many"), missingOption)
    .option("--threshold <t>", "binary and multilabel: predict positive when p > T (default 0.5); every threshold-dependent metric uses it", threshold)
    .option("--split <name>", "train, validation, test or all: only the rows fit put in that split of the same file (checked by its SHA-256 against the run folder's metrics.json)", splitOption)
    .option("--report <file>", "also write the metrics as JSON (format mltrain-eval)")
    .option("--json", "print the metrics as one JSON object on stdout instead of a table")
    .action(async (model: string, data: string, opts: EvalOptions) => runEval(model, data, opts, io));
}

/** Score `dataFile` with the model in `modelFile` (both relative to io.cwd; `-` is standard input): the report and the model's name. */
export async function evaluateFile(modelFile: string, dataFile: string, io: CliIo, opts: EvalOptions = {}): Promise<{ report: EvalReport; name: string }> {
  const { displayPath, loadForModel } = await import("../data/index.js");
  const { evaluateOutputs } = await import("../metrics/index.js");
  const { thresholdReport } = await import("../metrics/thresholds.js");
  const saved = await loadSavedModel(modelFile, io.cwd);
  const task = saved.json.task;
  const thresholded = task === "binary" || task === "multilabel";
  if (opts.threshold !== undefined && !thresholded) throw thresholdRefusal(task, saved.file);
  if (saved.data.images !== undefined) refuseForImages(opts, saved.file);
  const input = saved.data.images !== undefined ? { file: dataFile, data: saved.data } : await modelInput(dataFile, saved.data, opts.missing, saved.file, io);
  const abs = input.bytes ? input.file : path.resolve(io.cwd, dataFile);
  const labels = opts.labels === undefined ? undefined : path.resolve(io.cwd, opts.labels);
  const wanted = opts.split === undefined ? null : await splitRowNumbers(path.resolve(io.cwd, modelFile), { abs, shown: input.bytes ? input.file : displayPath(abs), bytes: input.bytes }, opts.split, io.cwd);
  const rows = saved.data.images !== undefined
    ? await imageRows([dataFile], saved.data, true, io)
    : await loadForModel(abs, input.data, { requireTarget: true, labels, bytes: input.bytes, missing: input.missing });
  const all = { x: rows.x, y: rows.y!, rows: rows.rows, rowIds: rows.rowIds };
  const picked = wanted ? pickRows(all.x, all.y, all.rowIds, saved.net.nIn, saved.net.nOut, wanted) : all;
  const table = { ...picked, nIn: saved.net.nIn, nOut: saved.net.nOut };
  // as train/evaluate.ts's evaluateSplit scores fit's splits, with the threshold given
  const output = saved.net.predict(table.x, table.rows);
  const used = opts.threshold ?? 0.5;
  const metrics = evaluateOutputs({ task, target: table.y, output, rows: table.rows, labels: saved.labels, threshold: used });
  const report: EvalReport = {
    format: EVAL_FORMAT,
    version: EVAL_VERSION,
    model: saved.file,
    data: input.bytes ? input.file : displayPath(abs),
    ...(opts.split ? { split: opts.split } : {}),
    rows: table.rows,
    skipped_rows: rows.skipped.rowIds.length,
    task: saved.json.task,
    metrics,
    ...(thresholded && table.rows > 0 ? { thresholds: { threshold: used, ...thresholdReport(table.y.subarray(0, output.length), output, used) } } : {}),
  };
  return { report, name: saved.json.name };
}

/** eval's options that have no meaning for a model trained on images. */
function refuseForImages(opts: EvalOptions, modelFile: string): void {
  const bad = opts.split !== undefined ? "--split (an image run records no split of a file: score a folder of held-out images)" : opts.labels !== undefined ? "--labels (the labels are the class folders)" : opts.missing !== undefined ? "--missing (images have no missing cells)" : null;
  if (bad) throw new MltrainError("usage", `${bad} does not apply to a model trained on images`, { file: modelFile });
}

async function runEval(modelFile: string, dataFile: string, opts: EvalOptions, io: CliIo): Promise<void> {
  const { writeJsonAtomic } = await import("../io/index.js");
  const { renderMetricsTable } = await import("./render/metrics_table.js");
  const { report, name } = await evaluateFile(modelFile, dataFile, io, opts);
  if (opts.report) writeJsonAtomic(path.resolve(io.cwd, opts.report), report);
  if (opts.json) {
    io.stdout.write(JSON.stringify(report) + "\n");
    return;
  }
  const lines = [
    `Model: ${report.model} (${name}, ${report.task})`,
    `Data:  ${report.data} (${report.rows} row${report.rows === 1 ? "" : "s"}${report.split ? `, the run's ${report.split === "all" ? "train, validation and test" : report.split} split` : ""}${skippedText(report.skipped_rows)})`,
    "",
    renderMetricsTable(report.metrics).trimEnd(),
    ...(report.thresholds ? ["", ...thresholdLines(report.thresholds, report.task)] : []),
  ];
  if (opts.report) lines.push("", `Wrote: ${opts.report}`);
  if (io.stdout.isTTY) lines.push(...(await trainingCurve(path.resolve(io.cwd, modelFile), io)));
  io.stdout.write(lines.join("\n") + "\n");
}

/** --threshold on a model that has no decision threshold: a usage error (exit 2). */
export function thresholdRefusal(task: TaskName, file: string): MltrainError {
  const why = task === "regression" ? "it predicts values" : "it predicts the most probable class, the argmax";
  return new MltrainError("usage", `${file}: --threshold applies to binary and multilabel models; this ${task} model has none (${why}); leave --threshold out`);
}

/** The precision–recall trade-off table and the F1-maximising threshold. */
function thresholdLines(t: NonNullable<EvalReport["thresholds"]>, task: TaskName): string[] {
  const f = (v: number) => v.toFixed(4);
  const of = task === "binary" ? "the positive class" : "every label pooled (micro)";
  return [
    `Threshold ${t.threshold} (positive when p > ${t.threshold}); precision, recall and f1 of ${of} at other thresholds:`,
    "  threshold  precision  recall  f1",
    ...t.trade_off.map((s) => `  ${String(s.threshold).padEnd(9)}  ${f(s.precision).padEnd(9)}  ${f(s.recall)}  ${f(s.f1)}${s.threshold === t.threshold ? "  (used)" : ""}`),
    `Best f1 on these rows: ${f(t.best_f1.f1)} at threshold ${Number(t.best_f1.threshold.toPrecision(4))} (precision ${f(t.best_f1.precision)}, recall ${f(t.best_f1.recall)})`,
  ];
}

/** `; 2 rows with a missing value left out` (nothing when none was). */
function skippedText(n: number): string {
  return n === 0 ? "" : `; ${n} row${n === 1 ? "" : "s"} with a missing value left out`;
}

/**
 * On a terminal, the loss curve of the run that made the model, when its metrics.json lies beside
 * model.json (a run folder): how the model got here, next to how it scores. Nothing otherwise.
 */
async function trainingCurve(modelAbs: string, io: CliIo): Promise<string[]> {
  const reportFile = path.join(path.dirname(modelAbs), "metrics.json");
  const { existsSync } = await import("node:fs");
  if (!existsSync(reportFile)) return [];
  const { readReport } = await import("../io/index.js");
  const { lossCurve } = await import("./render/chart.js");
  const { chalkFor } = await import("./color.js");
  try {
    const curve = lossCurve(readReport(reportFile).history, chalkFor(io.stdout), io.stdout.columns || 80);
    return curve.length ? ["", `Training (${path.relative(io.cwd, reportFile) || reportFile}):`, ...curve] : [];
  } catch {
    return []; // a metrics.json of another version or a partial one: the evaluation stands on its own
  }
}

