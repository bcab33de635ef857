// Targets: which task a target column implies (data.task: auto), the sorted class labels, and the
// encoding of labels into the y matrix the losses expect.
import type { DataConfig, TaskName } from "../config/schema.js";
import { MltrainError } from "../errors.js";
import type { RawColumn, RawTable } from "./raw_table.js";

/** A numeric target with more distinct values than this (or any non-integer) is a regression target. */
const maxClassesInferred = 10;

export interface TargetSpec {
  task: TaskName;
  /** Sorted labels; binary: [negative, positive]; multilabel: the target column names; regression: null. */
  classes: string[] | null;
}

/** Sort labels as numbers when every label is a number ("2" < "10"), otherwise as strings (code units). */
export function sortLabels(labels: Iterable<string>): string[] {
  const all = [...labels];
  const numeric = all.every((l) => Number.isFinite(Number(l)) && l.trim() !== "");
  return numeric ? all.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0)) : all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Distinct labels (as written) of a target column over `rows`. */
function distinctLabels(col: RawColumn, rows: Int32Array): Set<string> {
  const out = new Set<string>();
  const text = col.text!;
  for (let i = 0; i < rows.length; i++) {
    const t = text[rows[i]];
    if (t !== undefined) out.add(t);
  }
  return out;
}

function isWholeNumbers(col: RawColumn, rows: Int32Array): boolean {
  for (let i = 0; i < rows.length; i++) if (!Number.isInteger(col.num[rows[i]])) return false;
  return true;
}

/** The first row (of `rows`) whose cell is not a number, or -1. */
function firstNonNumeric(col: RawColumn, rows: Int32Array): number {
  for (let i = 0; i < rows.length; i++) if (Number.isNaN(col.num[rows[i]])) return rows[i];
  return -1;
}

/** The first row (of `rows`) whose cell is not 0 or 1, or -1. */
function firstNotZeroOne(col: RawColumn, rows: Int32Array): number {
  for (let i = 0; i < rows.length; i++) {
    const v = col.num[rows[i]];
    if (v !== 0 && v !== 1) return rows[i];
  }
  return -1;
}

/**
 * The task and classes of the target column(s) over the rows kept (`rows`, indices into raw):
 * - one target: text, or whole numbers with at most 10 distinct values → binary (2 labels) or
 *   multiclass (more); other numbers → regression;
 * - several targets: all 0/1 → multilabel; all numeric → regression with several outputs.
 * An explicit data.task is checked against the column(s) instead.
 */
export function resolveTargets(raw: RawTable, targets: string[], cfg: DataConfig, rows: Int32Array): TargetSpec {
  const cols = targets.map((t) => raw.columns.get(t)!);
  const file = raw.file;
  const notNumeric = (col: RawColumn, why: string): MltrainError => {
    const r = firstNonNumeric(col, rows);
    return new MltrainError("data.parse", `${why}: expected a number, got ${JSON.stringify(col.text![r] ?? "")}`, {
      file,
      line: raw.lines[r],
      col: col.index + 1,
      path: col.name,
    });
  };
  let task: TaskName;
  if (cfg.task !== "auto") task = cfg.task;
  else if (cols.length > 1) {
    const nonNumeric = cols.find((c) => firstNonNumeric(c, rows) >= 0);
    if (nonNumeric) {
      throw notNumeric(nonNumeric, "several target columns are multilabel (0/1) or multi-output regression (numbers)");
    }
    task = cols.every((c) => firstNotZeroOne(c, rows) < 0) ? "multilabel" : "regression";
  } else {
    const col = cols[0];
    const numeric = firstNonNumeric(col, rows) < 0;
    const labels = distinctLabels(col, rows);
    if (numeric && (!isWholeNumbers(col, rows) || labels.size > maxClassesInferred)) task = "regression";
    else task = labels.size === 2 ? "binary" : "multiclass";
  }

  if (task === "regression") {
    for (const col of cols) if (firstNonNumeric(col, rows) >= 0) throw notNumeric(col, "a regression target must be numeric");
    return { task, classes: null };
  }
  if (task === "multilabel") {
    for (const col of cols) {
      const r = firstNotZeroOne(col, rows);
      if (r >= 0) {
        throw new MltrainError("data.parse", `a multilabel target column holds 0 or 1, got ${JSON.stringify(col.text![r] ?? "")}`, {
          file,
          line: raw.lines[r],
          col: col.index + 1,
          path: col.name,
        });
      }
    }
    return { task, classes: [...targets] };
  }
  if (cols.length > 1) {
    throw new MltrainError(
      "config.invalid",
      `task ${task} takes one target column, got ${cols.length} (${targets.join(", ")}); several 0/1 columns are multilabel`,
      { file, path: "data.target" },
    );
  }
  const col = cols[0];
  const classes = sortLabels(distinctLabels(col, rows));
  const counts = `${classes.length} label${classes.length === 1 ? "" : "s"}: ${preview(classes)}`;
  if (task === "binary") {
    if (classes.length !== 2) {
      throw new MltrainError("data.parse", `a binary target has exactly 2 labels, column ${JSON.stringify(col.name)} has ${counts}`, {
        file,
        path: col.name,
      });
    }
    if (cfg.positive !== undefined) {
      const positive = String(cfg.positive);
      const at = classes.indexOf(positive);
      if (at < 0) {
        throw new MltrainError(
          "config.invalid",
          `positive label ${JSON.stringify(positive)} is not in column ${JSON.stringify(col.name)} (labels: ${preview(classes)})`,
          { file, path: "data.positive" },
        );
      }
      return { task, classes: at === 1 ? classes : [classes[1], classes[0]] };
    }
    return { task, classes };
  }
  if (classes.length < 2) {
    throw new MltrainError("data.parse", `a classification target needs at least 2 labels, column ${JSON.stringify(col.name)} has ${counts}`, {
      file,
      path: col.name,
    });
  }
  return { task, classes };
}

/**
 * Why task auto became `task` (resolveTargets' and the IDX loader's rules), in words: `because` (the
 * target column "y" has 3 labels ...) and `instead`, the data.task to set if another task was meant.
 */
export function inferredTaskReason(task: TaskName, targets: readonly string[], classes: readonly string[] | null, format: "csv" | "idx"): { because: string; instead: string } {
  const several = format === "idx" || targets.length > 1;
  const what = format === "idx" ? "the labels" : targets.length === 1 ? `the target column "${targets[0]}"` : `the ${targets.length} target columns`;
  const numeric = classes !== null && classes.every((c) => Number.isFinite(Number(c)) && c.trim() !== "");
  switch (task) {
    case "regression":
      return {
        because: format === "idx" ? `${what} are numbers with fractions` : `${what} ${several ? "hold" : "holds"} numbers, not a few whole-number labels (fractions, or more than ${maxClassesInferred} distinct values)`,
        instead: "if the numbers are class labels, set data.task: multiclass (binary for two)",
      };
    case "multilabel":
      return { because: `${what} hold only 0 and 1`, instead: "if they are quantities, set data.task: regression" };
    default:
      return {
        because: `${what} ${several ? "have" : "has"} ${classes?.length ?? 0} ${numeric ? "whole-number " : ""}labels (${preview([...(classes ?? [])])})`,
        instead: numeric ? "if the numbers are quantities, set data.task: regression" : `if you mean another task, set data.task`,
      };
  }
}

function preview(labels: string[]): string {
  const shown = labels.slice(0, 12).map((l) => JSON.stringify(l));
  return shown.join(", ") + (labels.length > 12 ? `, ... (${labels.length} in all)` : "");
}

/** Columns of y: one per target (regression, multilabel), 1 (binary), one per class (multiclass). */
export function targetWidth(spec: TargetSpec, targets: string[]): number {
  if (spec.task === "multiclass") return spec.classes!.length;
  if (spec.task === "binary") return 1;
  return targets.length;
}

/**
 * Write the encoded targets of `rows` into y [rows.length, width]. A label outside `classes` (a test file
 * or an eval CSV) is a data.mismatch error naming the file, line and column.
 */
export function encodeTargets(raw: RawTable, targets: string[], spec: TargetSpec, rows: Int32Array, y: Float32Array): void {
  const cols = targets.map((t) => raw.columns.get(t)!);
  const width = targetWidth(spec, targets);
  if (spec.task === "regression" || spec.task === "multilabel") {
    for (let j = 0; j < cols.length; j++) {
      const col = cols[j];
      for (let i = 0; i < rows.length; i++) {
        const v = col.num[rows[i]];
        if (Number.isNaN(v) || (spec.task === "multilabel" && v !== 0 && v !== 1)) {
          const got = JSON.stringify(col.text![rows[i]] ?? "");
          throw new MltrainError("data.mismatch", `expected ${spec.task === "multilabel" ? "0 or 1" : "a number"}, got ${got}`, {
            file: raw.file,
            line: raw.lines[rows[i]],
            col: col.index + 1,
            path: col.name,
          });
        }
        y[i * width + j] = v;
      }
    }
    return;
  }
  const col = cols[0];
  const index = new Map(spec.classes!.map((c, k) => [c, k]));
  const text = col.text!;
  y.fill(0, 0, rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const label = text[rows[i]] ?? "";
    const k = index.get(label);
    if (k === undefined) {
      throw new MltrainError(
        "data.mismatch",
        `label ${JSON.stringify(label)} was not seen in training (classes: ${preview(spec.classes!)})`,
        { file: raw.file, line: raw.lines[rows[i]], col: col.index + 1, path: col.name },
      );
    }
    if (spec.task === "binary") y[i] = k;
    else y[i * width + k] = 1;
  }
}
