// MltrainError: the one error type that carries a stable code and, where known, a place.
// Only src/cli/ renders errors and exits; everyone else throws these.

/** Stable error codes. The prefix fixes the exit code (see exitCodeFor). */
export type ErrorCode =
  | "usage" // bad command line
  | "config.yaml" // YAML syntax
  | "config.invalid" // schema or cross-field rule
  | "config.override" // a --set that does not parse or apply
  | "data.io" // file missing or unreadable
  | "data.parse" // a cell, a row or a header that cannot be read
  | "data.missing_column"
  | "data.empty"
  | "data.split" // ratios that leave a split or a class empty
  | "data.mismatch" // a CSV that does not fit the model (eval/predict)
  | "model.bad_format" // not a model.json, or corrupted
  | "model.bad_version"
  | "checkpoint.invalid"
  | "run.output" // -o names a place where the run folder cannot be written
  | "run.locked" // another fit is writing the same run folder
  | "run.exists" // --no-overwrite and the run folder exists
  | "train.diverged" // loss became NaN or Inf: run failure, exit 1
  | "io.write" // could not write an output: run failure, exit 1
  | "fetch.failed" // `mltrain data fetch`: download failed or checksum mismatch: run failure, exit 1
  | "interrupted"; // SIGINT: exit 130

/** Where an error is: a file and, when known, a 1-based line and column (or CSV row and column). */
export interface Where {
  file?: string;
  line?: number;
  col?: number;
  /** Dotted key path of a config value, or a column name for data errors. */
  path?: string;
}

export class MltrainError extends Error {
  readonly code: ErrorCode;
  readonly where: Where | undefined;
  /** Further problems of the same kind (a config with several errors reports them all). */
  readonly details: readonly string[];

  constructor(code: ErrorCode, message: string, where?: Where, details: readonly string[] = []) {
    super(message);
    this.name = "MltrainError";
    this.code = code;
    this.where = where;
    this.details = details;
  }
}

/** 2 for usage, config and data errors; 1 for run failures; 130 for SIGINT. */
export function exitCodeFor(code: ErrorCode): number {
  if (code === "interrupted") return 130;
  if (code === "train.diverged" || code === "io.write" || code === "fetch.failed") return 1;
  return 2;
}

/** `file:line:col: ` (or the parts that are known) as the prefix of a one-line message. */
export function formatWhere(where: Where | undefined): string {
  if (!where?.file) return "";
  let s = where.file;
  if (where.line !== undefined) {
    s += `:${where.line}`;
    if (where.col !== undefined) s += `:${where.col}`;
  }
  return s + ": ";
}

/** Why a file could not be read, in words: "no such file", "it is a folder, not a file", or the OS's message. */
export function readFailure(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "ENOENT") return "no such file";
  if (e.code === "EISDIR") return "it is a folder, not a file";
  return e.message;
}
