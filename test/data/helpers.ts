// Shared by the data tests: a DataConfig with the schema's defaults, and the one-line error text the CLI prints.
import { dataSchema, type DataConfig } from "../../src/config/schema.js";
import { errorLine } from "../../src/cli/errors.js";
import { MltrainError } from "../../src/errors.js";

export const fixtures = "test/fixtures/data";

/** dataSchema defaults + overrides (as a YAML file would give them). */
export function dataConfig(over: Record<string, unknown>): DataConfig {
  return dataSchema.parse(over);
}

/** The awaited promise's MltrainError as `code | file:line:col: path: message`; fails if it resolves. */
export async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof MltrainError) return `${err.code} | ${errorLine(err)}`;
    throw err;
  }
  throw new Error("expected an MltrainError, but the promise resolved");
}
