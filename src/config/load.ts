// Placeholder: replaced by the position-aware loader in the next commit.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { MltrainError } from "../errors.js";
import { configSchema, type Config } from "./schema.js";

export interface LoadedConfig {
  config: Config;
  file: string;
  dir: string;
  source: string;
}

export async function loadConfig(file: string, _overrides: string[] = [], cwd = process.cwd()): Promise<LoadedConfig> {
  const abs = path.resolve(cwd, file);
  const source = await readFile(abs, "utf8");
  const r = configSchema.safeParse(parse(source));
  if (!r.success) throw new MltrainError("config.invalid", r.error.message, { file });
  return { config: r.data, file, dir: path.dirname(abs), source };
}
