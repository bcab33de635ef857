// defineConfig: a config written in TypeScript, typed from the same zod schema as the YAML, so an editor
// completes every key and a misspelt one does not compile (an object literal may only name known keys).
// It returns its argument: validation (the schema's checks and the cross-field rules) happens where it
// is run, exactly as for a YAML file.
import type { z } from "zod";
import type { configSchema } from "../config/schema.js";

/** A config as written (the YAML's keys, snake_case; defaults may be left out). */
export type ConfigInput = z.input<typeof configSchema>;
/** A config with every default filled in (what a run resolves it to). */
export type { Config } from "../config/schema.js";

export function defineConfig(config: ConfigInput): ConfigInput {
  return config;
}
