// `mltrain summary CONFIG|MODEL`: Keras-like layer table. (Stub until the summary issue lands.)
import type { Command } from "commander";
import type { CliIo } from "./io.js";
import { notBuiltYet } from "./not_built.js";

export function registerSummary(program: Command, _io: CliIo): void {
  program
    .command("summary")
    .description("Keras-like table: layer, output shape, parameter count, totals")
    .argument("<file>", "a YAML config or a model.json")
    .action(async (_file: string) => {
      notBuiltYet("summary");
    });
}
