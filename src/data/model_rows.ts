// Rows for a trained model, from a RawTable however it was read (a CSV file, standard input, an HTTP
// body, JSON rows): the model's columns by name, the stored missing-value policy, the stored transform,
// and the checks that name the row and column of a cell that does not fit. loadForModel (eval, predict)
// and json_rows.ts (serve) both end here, so the same rows give the same inputs and the same errors.
import type { TaskName } from "../config/schema.js";
import { MltrainError } from "../errors.js";
import { quoteList } from "./columns.js";
import { firstRows, keptRows, skippedRows } from "./kept_rows.js";
import { encodeTargets, targetWidth, type TargetSpec } from "./labels.js";
import { applyPreprocessing, inputWidth, type Preprocessing } from "./preprocessing.js";
import type { ColumnRole, RawTable } from "./raw_table.js";
import type { ImageConfig } from "./image_load.js";
import { rowIdsOf } from "./table.js";

/** What loadForModel needs from model.json. */
export interface ModelData {
  features: string[];
  target: string[];
  task: TaskName;
  classes: string[] | null;
  preprocessing: Preprocessing;
  /** model.json input.shape (the sample shape it was trained on); IDX images must have it. Default [features.length]. */
  shape?: readonly number[];
  /** For IDX labels: label v is the class named labelNames[v] (data.class_names or the dataset's classes); else String(v). */
  labelNames?: readonly string[];
  /** A model trained on images: data's image keys from its config (eval and predict decode the same way). */
  images?: ImageConfig;
}

export interface ModelRows {
  x: Float32Array;
  y: Float32Array | null;
  rows: number;
  rowIds: Int32Array;
  /** Per row, the text of the `keep` columns (empty string where missing); [] for IDX images (no columns). */
  keep: string[][];
  /** The rows left out for a missing value (missing: drop; a missing target with mean), as rowIds and keep. */
  skipped: { rowIds: Int32Array; keep: string[][] };
}

/** Where loadForModel's missing-value policy (model.preprocessing.missing) came from, for its messages. */
export interface MissingSource {
  /** The setting as the user wrote it: `--missing drop`. */
  setting: string;
  /** The fix a missing cell's error suggests (eval/predict name their --missing flag). */
  hint: string;
}

export interface ModelRowsOptions {
  /** The target columns must be there and are encoded into `y` (eval). */
  requireTarget: boolean;
  /** Columns whose text is returned per row (an id column for predictions). */
  keep?: string[];
  /** Only rows among the first `limit` data rows. */
  limit?: number;
  missing?: MissingSource;
  /**
   * A category the model never saw: `ignore` (default) encodes it as an all-zero block, as
   * scikit-learn's OneHotEncoder(handle_unknown="ignore") and fit's validation split do; `error` refuses
   * it (data.mismatch at its row and column), for callers that must not guess (serve).
   */
  unseen?: "ignore" | "error";
}

/**
 * The role of each column of `header` for `model`: its features (numeric or category), its targets when
 * required, the kept columns. A column the model needs and the header lacks is a data.mismatch at line 1.
 */
export function modelColumnRoles(header: string[], model: ModelData, opts: ModelRowsOptions, file: string): (ColumnRole | null)[] {
  const p = model.preprocessing;
  const sources = p.columns.map((c) => c.name);
  const targets = opts.requireTarget ? model.target : [];
  const keep = opts.keep ?? [];
  const needed: [string[], string][] = [
    [sources, "feature"],
    [targets, "target"],
    [keep, "kept"],
  ];
  for (const [names, what] of needed) {
    const missing = names.filter((n) => !header.includes(n));
    if (missing.length > 0) {
      throw new MltrainError(
        "data.mismatch",
        `missing ${what} column${missing.length === 1 ? "" : "s"} ${quoteList(missing.map((m) => JSON.stringify(m)))}; ` +
          `the model needs ${quoteList([...sources, ...targets])}; the file has ${quoteList(header)}`,
        { file, line: 1 },
      );
    }
  }
  return header.map((h): ColumnRole | null => {
    const t = p.columns.find((c) => c.name === h);
    if (targets.includes(h) || (t?.kind === "numeric" && keep.includes(h))) return "target";
    if (t) return t.kind === "categorical" ? "category" : "feature";
    return keep.includes(h) ? "keep" : null;
  });
}

/** The model's inputs (and targets, kept text) for the rows of `raw`, read with modelColumnRoles. */
export function modelRows(raw: RawTable, model: ModelData, opts: ModelRowsOptions): ModelRows {
  const p = model.preprocessing;
  const sources = p.columns.map((c) => c.name);
  const targets = opts.requireTarget ? model.target : [];
  const keep = opts.keep ?? [];
  for (const t of p.columns) {
    const col = raw.columns.get(t.name)!;
    if (t.kind === "numeric" && col.kind === "text") {
      const r = col.num.findIndex((v, i) => v !== v && !(col.missing?.[i] ?? 0));
      throw new MltrainError("data.mismatch", `expected a number (the model was trained on numbers here), got ${JSON.stringify(col.text?.[r] ?? "")}`, {
        file: raw.file,
        line: raw.lines[r],
        col: col.index + 1,
        path: t.name,
      });
    }
  }
  const rows = firstRows(keptRows(raw, sources, targets, p.missing, opts.missing?.setting), opts.limit);
  if (opts.unseen === "error") refuseUnseen(raw, p, rows);
  const skipped = skippedRows(rows, Math.min(raw.rows, opts.limit ?? Infinity));
  const nIn = inputWidth(p);
  const x = new Float32Array(rows.length * nIn);
  applyPreprocessing(raw, p, rows, x);
  let y: Float32Array | null = null;
  if (opts.requireTarget) {
    const spec: TargetSpec = { task: model.task, classes: model.classes };
    y = new Float32Array(rows.length * targetWidth(spec, model.target));
    encodeTargets(raw, model.target, spec, rows, y);
  }
  const keepCols = keep.map((k) => raw.columns.get(k)!);
  const keepText = (at: Int32Array): string[][] => Array.from(at, (r) => keepCols.map((c) => c.text?.[r] ?? ""));
  return {
    x,
    y,
    rows: rows.length,
    rowIds: rowIdsOf(rows),
    keep: keepText(rows),
    skipped: { rowIds: rowIdsOf(skipped), keep: keepText(skipped) },
  };
}

/** The first cell of `rows` (row by row, then column by column) whose category the model never saw: data.mismatch there. */
function refuseUnseen(raw: RawTable, p: Preprocessing, rows: Int32Array): void {
  const checks = p.columns.flatMap((t) => (t.kind === "categorical" ? [{ t, col: raw.columns.get(t.name)!, known: new Set(t.categories) }] : []));
  if (checks.length === 0) return;
  for (const r of rows) {
    for (const { t, col, known } of checks) {
      const text = col.text?.[r];
      if (text === undefined || known.has(text)) continue;
      throw new MltrainError(
        "data.mismatch",
        `unseen category ${JSON.stringify(text)}: the model was trained on ${quoteList(t.categories.map((c) => JSON.stringify(c)))}`,
        { file: raw.file, line: raw.lines[r], col: col.index + 1, path: t.name },
      );
    }
  }
}
