// Which rows of a RawTable are used: the missing-value policy (drop, or a missing target with mean) and
// data.limit. fit (load.ts) and the model readers (model_rows.ts) share these, so a row is kept or left
// out the same way whoever reads it.
import { MltrainError } from "../errors.js";
import type { RawTable } from "./raw_table.js";

/**
 * Rows used, in file order: with missing: drop, the rows with no missing feature or target cell; with
 * missing: mean, the rows whose target cells are present (features are filled); otherwise all rows.
 */
export function keptRows(raw: RawTable, features: string[], targets: string[], missing: string, setting = `data.missing: ${missing}`): Int32Array {
  const checked = missing === "drop" ? [...features, ...targets] : targets;
  const masks = checked.map((c) => raw.columns.get(c)!.missing).filter((m): m is Uint8Array => m !== null);
  if (masks.length === 0) return Int32Array.from({ length: raw.rows }, (_, i) => i);
  const out: number[] = [];
  for (let r = 0; r < raw.rows; r++) if (!masks.some((m) => m[r] === 1)) out.push(r);
  if (out.length === 0) {
    throw new MltrainError("data.empty", `every one of the ${raw.rows} rows has a missing value (${setting})`, { file: raw.file });
  }
  return Int32Array.from(out);
}

/** data.limit: only the rows among the file's first `limit` data rows (all when limit is undefined). */
export function firstRows(rows: Int32Array, limit: number | undefined): Int32Array {
  if (limit === undefined) return rows;
  let n = 0;
  while (n < rows.length && rows[n] < limit) n++;
  return rows.subarray(0, n);
}

/** The rows among the first `n` that are not in `kept` (both in file order). */
export function skippedRows(kept: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n - kept.length);
  for (let r = 0, i = 0, o = 0; r < n; r++) {
    if (i < kept.length && kept[i] === r) i++;
    else out[o++] = r;
  }
  return out;
}
