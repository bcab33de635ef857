// `mltrain predict MODEL DATA [-o FILE] [--keep COLS]`: the model's predictions for every row of a CSV
// (target columns not needed, ignored when present) or every IDX image (row = image number from 1),
// as CSV on stdout or atomically into FILE. Columns:
// see predictions_csv.ts. Nothing is written unless the whole file could be read and predicted.
import path from "node:path";
import type { Command } from "commander";
import { commaList } from "./options.js";
import type { CliIo } from "./io.js";
import { predictionsCsv } from "./predictions_csv.js";
import { loadSavedModel } from "./saved_model.js";

export interface PredictOptions {
  output?: string;
  keep?: string[];
}

export function registerPredict(program: Command, io: CliIo): void {
  program
    .command("predict")
    .description("write predictions (and class probabilities) as CSV")
    .argument("<model>", "model.json written by fit")
    .argument(
      "<data>",
      "CSV file with the model's feature columns (matched by name; a target column is ignored), " +
        "IDX images (*-idx3-ubyte[.gz]) or a dataset name (fashion-mnist: its test images)",
    )
    .option("-o, --output <file>", "CSV file to write (default: stdout)")
    .option("--keep <cols>", "comma-separated input columns copied to the output, first (e.g. an id)", commaList)
    .action(async (model: string, data: string, opts: PredictOptions) => runPredict(model, data, opts, io));
}

/** The predictions CSV text for `dataFile` (relative to `cwd`). */
export async function predictFile(modelFile: string, dataFile: string, cwd: string, keep: string[] = []): Promise<string> {
  const { loadForModel } = await import("../data/index.js");
  const saved = await loadSavedModel(modelFile, cwd);
  const rows = await loadForModel(path.resolve(cwd, dataFile), saved.data, { requireTarget: false, keep });
  const output = saved.net.predict(rows.x, rows.rows);
  return predictionsCsv({
    task: saved.json.task,
    labels: saved.labels,
    output,
    rows: rows.rows,
    rowIds: rows.rowIds,
    keepNames: keep,
    keep: rows.keep,
  });
}

async function runPredict(modelFile: string, dataFile: string, opts: PredictOptions, io: CliIo): Promise<void> {
  const csv = await predictFile(modelFile, dataFile, io.cwd, opts.keep);
  if (opts.output) {
    const { writeFileAtomic } = await import("../io/index.js");
    writeFileAtomic(path.resolve(io.cwd, opts.output), csv);
  } else {
    io.stdout.write(csv);
  }
}
