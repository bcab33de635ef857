// Which data rows a fit put in each split, as metrics.json's `data.split` keeps it, so that `eval
// --split` scores exactly them. One source per data file fit read (data.path; data.test_path as a
// second source, all of it test): its name as fit showed it, its data rows, the SHA-256 of its bytes
// on disk (the fingerprint eval checks before it scores anything), and per split the 1-based data row
// numbers (row 1 = the first line after the header) in the order fit scored them.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

export const SPLIT_NAMES = ["train", "validation", "test"] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

export interface SplitSource {
  file: string;
  rows: number;
  sha256: string;
  /** Row numbers per split; a split this file has no rows of is []. */
  train: number[];
  validation: number[];
  test: number[];
}

/** SHA-256 (hex) of a file's bytes, or of bytes already read. */
export function sha256Of(fileOrBytes: string | Buffer): string {
  return createHash("sha256").update(typeof fileOrBytes === "string" ? readFileSync(fileOrBytes) : fileOrBytes).digest("hex");
}

/** Whether a metrics.json `data.split` value has the shape above. */
export function isSplitSources(v: unknown): v is SplitSource[] {
  return (
    Array.isArray(v) &&
    v.every((s) => s !== null && typeof s === "object" && typeof s.sha256 === "string" && typeof s.rows === "number" && SPLIT_NAMES.every((k) => Array.isArray(s[k]) && s[k].every(Number.isInteger)))
  );
}
