// `mltrain validate CONFIG`: check a config without training and print the resolved summary.
import type { Command } from "commander";
import { collect } from "./options.js";
import type { CliIo } from "./io.js";

export interface ValidateOptions {
  set: string[];
}

export function registerValidate(program: Command, io: CliIo): void {
  program
    .command("validate")
    .description("check a config without training; print the resolved config summary")
    .argument("<config>", "YAML config file")
    .option("--set <path=value>", "override a config key, VALUE parsed as YAML (repeatable)", collect, [])
    .action(async (file: string, opts: ValidateOptions) => {
      const { loadConfig } = await import("../config/load.js");
      const { describeConfig } = await import("../config/describe.js");
      const loaded = await loadConfig(file, opts.set, io.cwd);
      io.stdout.write(describeConfig(loaded, io.cwd).join("\n") + "\n");
    });
}
