// Reading one of our JSON files back: the file must exist, parse, and carry the expected `format` and
// `version`, else a MltrainError that says which file and what was found (exit 2).
import { readFileSync } from "node:fs";
import { MltrainError, readFailure, type ErrorCode } from "../errors.js";

export interface FormatCheck {
  format: string;
  version: number;
  /** Code for a missing/unparsable file or a wrong `format` (model.bad_format, checkpoint.invalid). */
  badFormat: ErrorCode;
  /** Code for a `version` this build cannot read. */
  badVersion: ErrorCode;
}

export function readVersionedJson(file: string, check: FormatCheck): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const why = readFailure(err);
    throw new MltrainError("data.io", `cannot read ${check.format} file: ${why}`, { file });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new MltrainError(check.badFormat, `not valid JSON (${(err as Error).message}); is the file truncated?`, { file });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new MltrainError(check.badFormat, `expected a JSON object with format "${check.format}"`, { file });
  }
  const obj = value as Record<string, unknown>;
  if (obj.format !== check.format) {
    throw new MltrainError(
      check.badFormat,
      `expected format "${check.format}", found ${obj.format === undefined ? "no format field" : JSON.stringify(obj.format)}`,
      { file },
    );
  }
  if (obj.version !== check.version) {
    throw new MltrainError(
      check.badVersion,
      `${check.format} version ${JSON.stringify(obj.version)} is not supported: this mltrain reads version ${check.version}`,
      { file },
    );
  }
  return obj;
}
