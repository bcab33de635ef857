// `mltrain schema`: print the config's JSON Schema (for editor completion via yaml-language-server).
import type { Command } from "commander";
import type { CliIo } from "./io.js";

export function registerSchema(program: Command, io: CliIo): void {
  program
    .command("schema")
    .description("print the config's JSON Schema (for editor completion and checking)")
    .action(async () => {
      const { configJsonSchema } = await import("../config/json_schema.js");
      io.stdout.write(JSON.stringify(configJsonSchema(), null, 2) + "\n");
    });
}
