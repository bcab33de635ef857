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
  /** What the command takes, said when the file is not JSON at all ("give the model.json that fit writes"). */
  expected?: string;
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
    const kind = notJsonKind(text, file);
    if (kind !== null) {
      throw new MltrainError(check.badFormat, `not a ${check.format} file: ${kind}${check.expected ? `; ${check.expected}` : ""}`, { file });
    }
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

/**
 * What a file that does not even start like JSON looks like (binary data, a YAML config, a CSV), or
 * null when it starts with `{` or `[` (then it is JSON cut short or damaged). Never quotes its bytes.
 */
function notJsonKind(text: string, file: string): string | null {
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (start.startsWith("{") || start.startsWith("[")) return null;
  const head = text.slice(0, 1024);
  const nul = head.split("\u0000").length - 1;
  if (nul > 0) return `it looks binary (${nul} NUL byte${nul === 1 ? "" : "s"} in the first KB)`;
  const firstLine = start.split(/\r?\n/).find((l) => !l.startsWith("#")) ?? "";
  if (/\.ya?ml$/i.test(file) || /^[A-Za-z_][\w-]*:(\s|$)/.test(firstLine)) return "it is YAML (a config?), not JSON";
  if (/\.csv(\.gz)?$/i.test(file) || /^[^,;\t]+([,;\t][^,;\t]*)+$/.test(firstLine)) return "it looks like a CSV file, not JSON";
  return "it is not JSON";
}
