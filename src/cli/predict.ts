// `mltrain predict MODEL DATA [-o FILE] [--keep COLS] [--missing POLICY] [--threshold T]`: the model's predictions for
// every row of a CSV (`-`: standard input; target columns not needed, ignored when present) or every IDX
// image (row = image number from 1), as CSV on stdout or atomically into FILE. Columns: see
// predictions_csv.ts; a row left out for a missing value keeps its line, with empty predictions.
// Nothing is written unless the whole file could be read and predicted.
import path from "node:path";
import type { Command } from "commander";
import type { MissingName } from "../data/index.js";
import { missingHelp, missingOption, modelInput } from "./model_input.js";
import { thresholdRefusal } from "./eval.js";
import { commaList, threshold } from "./options.js";
import type { CliIo } from "./io.js";
import { predictionsCsv } from "../report/predictions_csv.js";
import { loadSavedModel } from "./saved_model.js";
import { imageRows } from "./image_input.js";
import { MltrainError } from "../errors.js";

export interface PredictOptions {
  output?: string;
  keep?: string[];
  /** How a row with a missing cell is treated (default: as the model was trained). */
  missing?: MissingName;
  /** Binary and multilabel: predict positive when p > threshold (default 0.5). */
  threshold?: number;
}

export function registerPredict(program: Command, io: CliIo): void {
  program
    .command("predict")
    .description("write predictions (and class probabilities) as CSV")
    .argument("<model>", "model.json written by fit")
    .argument(
      "<data...>",
      "CSV file with the model's feature columns (matched by name; a target column is ignored; - reads standard input), " +
        "IDX images (*-idx3-ubyte[.gz]) or a dataset name (fashion-mnist: its test images); for a model trained on images: " +
        "image files and folders (PNG, JPEG; one row per image)",
    )
    .option("-o, --output <file>", "CSV file to write (default: stdout)")
    .option("--keep <cols>", "comma-separated input columns copied to the output, first (e.g. an id)", commaList)
    .option("--missing <policy>", missingHelp("write an empty prediction for the row"), missingOption)
    .option("--threshold <t>", "binary and multilabel: predict positive when p > T (default 0.5)", threshold)
    .action(async (model: string, data: string[], opts: PredictOptions) => runPredict(model, data, opts, io));
}

/** The predictions CSV text for `dataFile` (relative to io.cwd; `-` is standard input) and the rows left out for a missing value. */
export async function predictFile(modelFile: string, data: string | readonly string[], io: CliIo, opts: PredictOptions = {}): Promise<{ csv: string; skipped: Int32Array }> {
  const { loadForModel } = await import("../data/index.js");
  const saved = await loadSavedModel(modelFile, io.cwd);
  if (opts.threshold !== undefined && saved.json.task !== "binary" && saved.json.task !== "multilabel") throw thresholdRefusal(saved.json.task, saved.file);
  const args = typeof data === "string" ? [data] : data;
  const images = saved.data.images !== undefined;
  if (images && (opts.keep !== undefined || opts.missing !== undefined)) {
    throw new MltrainError("usage", `${opts.keep !== undefined ? "--keep (each row's path is the first column)" : "--missing (images have no missing cells)"} does not apply to a model trained on images`, { file: saved.file });
  }
  if (!images && args.length !== 1) {
    throw new MltrainError("usage", `predict takes one data file for this model (it was not trained on images), got ${args.length}: ${args.join(" ")}`, { file: saved.file });
  }
  const keep = images ? ["path"] : (opts.keep ?? []);
  let rows;
  if (images) rows = await imageRows(args, saved.data, false, io);
  else {
    const input = await modelInput(args[0], saved.data, opts.missing, saved.file, io);
    const file = input.bytes ? input.file : path.resolve(io.cwd, args[0]);
    rows = await loadForModel(file, input.data, { requireTarget: false, keep, bytes: input.bytes, missing: input.missing });
  }
  const output = saved.net.predict(rows.x, rows.rows);
  const csv = predictionsCsv({
    task: saved.json.task,
    labels: saved.labels,
    output,
    rows: rows.rows,
    rowIds: rows.rowIds,
    keepNames: keep,
    keep: rows.keep,
    skipped: rows.skipped,
    threshold: opts.threshold,
  });
  return { csv, skipped: rows.skipped.rowIds };
}

async function runPredict(modelFile: string, dataFile: string[], opts: PredictOptions, io: CliIo): Promise<void> {
  const { csv, skipped } = await predictFile(modelFile, dataFile, io, opts);
  if (skipped.length > 0) {
    const n = skipped.length;
    const shown = Array.from(skipped.subarray(0, 10)).join(", ") + (n > 10 ? ", ..." : "");
    io.stderr.write(`Note: ${n} row${n === 1 ? "" : "s"} with a missing value left out: empty prediction${n === 1 ? "" : "s"} (row${n === 1 ? "" : "s"} ${shown})\n`);
  }
  if (opts.output) {
    const { writeFileAtomic } = await import("../io/index.js");
    writeFileAtomic(path.resolve(io.cwd, opts.output), csv);
  } else {
    io.stdout.write(csv);
  }
}
