// `mltrain schema`: print the config's JSON Schema (for editor completion via yaml-language-server).
import type { Command } from "commander";
import type { CliIo } from "./io.js";

export function registerSchema(program: Command, io: CliIo): void {
  program
    .command("schema")
    .description("print the config's JSON Schema (for editor completion and checking)")
    .option("--markdown", "print the config reference as Markdown tables instead (the README's)")
    .action(async (opts: { markdown?: boolean }) => {
      if (opts.markdown) {
        const { configReference } = await import("../config/reference.js");
        io.stdout.write(configReference());
        return;
      }
      const { configJsonSchema } = await import("../config/json_schema.js");
      io.stdout.write(JSON.stringify(configJsonSchema(), null, 2) + "\n");
    });
}
