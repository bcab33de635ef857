// `mltrain validate CONFIG`: check a config without training and print the resolved summary, or with
// --print the fully resolved YAML (what fit writes as the run folder's config.yaml).
import type { Command } from "commander";
import { collect, nonNegativeInt } from "./options.js";
import type { CliIo } from "./io.js";

export interface ValidateOptions {
  set: string[];
  seed?: number;
  print?: boolean;
}

export function registerValidate(program: Command, io: CliIo): void {
  program
    .command("validate")
    .description("check a config without training; print the resolved config summary")
    .argument("<config>", "YAML config file")
    .option("--set <path=value>", "override a config key, VALUE parsed as YAML (repeatable)", collect, [])
    .option("--seed <n>", "override the config's seed (as fit --seed)", nonNegativeInt)
    .option("--print", "print the fully resolved YAML, as fit writes it to RUN_DIR/config.yaml (reads the data)")
    .action(async (file: string, opts: ValidateOptions) => {
      const { loadConfig } = await import("../config/load.js");
      const overrides = opts.seed === undefined ? opts.set : [...opts.set, `seed=${opts.seed}`];
      const loaded = await loadConfig(file, overrides, io.cwd);
      if (opts.print) {
        // The task, loss and metrics config.yaml holds are decided by the data, so it is read as fit reads it.
        const { loadData } = await import("../data/index.js");
        const { resolveAgainstData, resolvedConfigYaml } = await import("../run/resolve.js");
        const data = await loadData(loaded.config.data, { baseDir: loaded.dir, seed: loaded.config.seed });
        io.stdout.write(resolvedConfigYaml(resolveAgainstData(loaded, data).config));
        return;
      }
      const { describeConfig } = await import("../config/describe.js");
      io.stdout.write(describeConfig(loaded, io.cwd).join("\n") + "\n");
    });
}
