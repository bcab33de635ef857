// `mltrain predict MODEL DATA`: write predictions as CSV. (Stub until the predict issue lands.)
import type { Command } from "commander";
import { commaList } from "./options.js";
import type { CliIo } from "./io.js";
import { notBuiltYet } from "./not_built.js";

export interface PredictOptions {
  output?: string;
  keep?: string[];
}

export function registerPredict(program: Command, _io: CliIo): void {
  program
    .command("predict")
    .description("write predictions (and class probabilities) as CSV")
    .argument("<model>", "model.json written by fit")
    .argument("<data>", "CSV file with the model's feature columns")
    .option("-o, --output <file>", "CSV file to write (default: stdout)")
    .option("--keep <cols>", "comma-separated input columns copied to the output (e.g. an id)", commaList)
    .action(async (_model: string, _data: string, _opts: PredictOptions) => {
      notBuiltYet("predict");
    });
}
