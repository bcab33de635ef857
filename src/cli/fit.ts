// `mltrain fit CONFIG`: train and write the run folder. (Stub until the training issue lands.)
import type { Command } from "commander";
import { collect, nonNegativeInt, verbosity } from "./options.js";
import type { CliIo } from "./io.js";
import { notBuiltYet } from "./not_built.js";

export interface FitOptions {
  output?: string;
  set: string[];
  seed?: number;
  verbose?: number;
  json?: boolean;
  resume?: string;
  dryRun?: boolean;
  color: boolean;
}

export function registerFit(program: Command, _io: CliIo): void {
  program
    .command("fit")
    .description("train a network from a YAML config and write the run folder")
    .argument("<config>", "YAML config file")
    .option("-o, --output <dir>", "run folder (default: runs/NAME/)")
    .option("--set <path=value>", "override a config key, VALUE parsed as YAML (repeatable)", collect, [])
    .option("--seed <n>", "override the config's seed", nonNegativeInt)
    .option("--verbose <level>", "0 silent, 1 progress bar, 2 one line per epoch (default: 1 on a TTY, else 2)", verbosity)
    .option("--json", "one JSON object per line on stdout (epoch_end, restart_end, done); text to stderr")
    .option("--resume <checkpoint>", "continue from a checkpoint.json")
    .option("--dry-run", "validate, load the data and build the model, but do not train")
    .option("--no-color", "no colours, even on a TTY")
    .action(async (_config: string, _opts: FitOptions) => {
      notBuiltYet("fit");
    });
}
