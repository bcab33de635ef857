// `eval --split train|validation|test|all`: score exactly the rows of the run's split. The run folder's
// metrics.json (beside model.json) keeps, per data file fit read, its SHA-256 and each split's row
// numbers (io/data_split.ts); the DATA given must be one of those files byte for byte, else exit 2.
import { existsSync } from "node:fs";
import path from "node:path";
import { InvalidArgumentError } from "commander";
import { MltrainError } from "../errors.js";
import type { SplitName } from "../io/data_split.js";

export type SplitChoice = SplitName | "all";

/** --split train|validation|test|all. */
export function splitOption(value: string): SplitChoice {
  const v = value.trim();
  if (v !== "train" && v !== "validation" && v !== "test" && v !== "all") throw new InvalidArgumentError("expected train, validation, test or all");
  return v;
}

/**
 * The row numbers to score, in fit's order (null: every row, for `all`), after checking that the data
 * is the file the run split. `modelAbs`: the model file; `data`: the file (or standard input's bytes).
 */
export async function splitRowNumbers(
  modelAbs: string,
  data: { abs: string; shown: string; bytes?: Buffer },
  split: SplitChoice,
  cwd: string,
): Promise<number[] | null> {
  const { readReport } = await import("../io/index.js");
  const { isSplitSources, sha256Of } = await import("../io/data_split.js");
  const show = (f: string) => path.relative(cwd, f) || f;
  const reportFile = path.join(path.dirname(modelAbs), "metrics.json");
  if (!existsSync(reportFile)) {
    throw new MltrainError("usage", `--split needs the run folder fit wrote: there is no metrics.json beside the model (${show(reportFile)}); leave --split out to score every row`, { file: show(modelAbs) });
  }
  const sources = readReport(reportFile).data.split;
  if (!isSplitSources(sources)) {
    throw new MltrainError(
      "usage",
      "--split: this run's metrics.json records no split (IDX images and datasets are not recorded, nor runs of an mltrain before --split); leave --split out to score every row",
      { file: show(reportFile) },
    );
  }
  if (!data.bytes && !existsSync(data.abs)) return null; // loadForModel says the file is missing
  const sha = sha256Of(data.bytes ?? data.abs);
  const source = sources.find((s) => s.sha256 === sha);
  if (!source) {
    const split = sources.map((s) => `${s.file} (${s.rows} rows, sha256 ${s.sha256.slice(0, 12)}…)`).join(" and ");
    throw new MltrainError(
      "data.mismatch",
      `not the file this run split: its metrics.json records ${split}, this file's sha256 is ${sha.slice(0, 12)}…; ` +
        "--split scores rows of that same file, byte for byte (leave --split out to score every row of this one)",
      { file: data.shown },
    );
  }
  if (split === "all") return null;
  const rows = source[split];
  if (rows.length === 0) {
    const elsewhere = sources.find((s) => s[split].length > 0);
    throw new MltrainError(
      "usage",
      `this file holds no ${split} rows of the run${elsewhere ? `; they are in ${elsewhere.file}` : ` (its data.split.${split} ratio is 0)`}`,
      { file: data.shown },
    );
  }
  return rows;
}

/** Rows `wanted` (1-based row numbers, in that order) of loaded rows with their rowIds; rows not loaded (a missing cell) are left out. */
export function pickRows(x: Float32Array, y: Float32Array, rowIds: Int32Array, nIn: number, nOut: number, wanted: readonly number[]): { x: Float32Array; y: Float32Array; rows: number; rowIds: Int32Array } {
  const at = new Map<number, number>();
  rowIds.forEach((id, i) => at.set(id, i));
  const picked = wanted.filter((id) => at.has(id));
  const px = new Float32Array(picked.length * nIn);
  const py = new Float32Array(picked.length * nOut);
  picked.forEach((id, j) => {
    const i = at.get(id)!;
    px.set(x.subarray(i * nIn, (i + 1) * nIn), j * nIn);
    py.set(y.subarray(i * nOut, (i + 1) * nOut), j * nOut);
  });
  return { x: px, y: py, rows: picked.length, rowIds: Int32Array.from(picked) };
}
