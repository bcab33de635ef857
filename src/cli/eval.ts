// `mltrain eval MODEL DATA`: score a saved model on a labelled CSV. (Stub until the eval issue lands.)
import type { Command } from "commander";
import type { CliIo } from "./io.js";
import { notBuiltYet } from "./not_built.js";

export interface EvalOptions {
  report?: string;
  json?: boolean;
}

export function registerEval(program: Command, _io: CliIo): void {
  program
    .command("eval")
    .description("score a saved model on a labelled CSV and print a metrics table")
    .argument("<model>", "model.json written by fit")
    .argument("<data>", "CSV file with the model's feature and target columns")
    .option("--report <file>", "also write the metrics as JSON (format mltrain-eval)")
    .option("--json", "print the metrics as JSON on stdout instead of a table")
    .action(async (_model: string, _data: string, _opts: EvalOptions) => {
      notBuiltYet("eval");
    });
}
