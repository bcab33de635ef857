// Rows given as JSON objects ({feature: value, ...}, the body of serve's POST /predict) as a RawTable
// that model_rows.ts reads like a CSV's. JSON has types, so they are checked here, cell by cell: a
// numeric feature takes a number, a categorical one a string (or a number, for data.categorical codes,
// as its text), null is a missing value (the model's missing policy decides), an absent field is an
// error. Every error is a data.mismatch whose `where` is { file: JSON_ROWS, line: row number from 1,
// path: the field }, so a caller can name `rows[i].field`.
import { MltrainError } from "../errors.js";
import { closest, quoteList } from "./columns.js";
import { modelColumnRoles, type MissingSource, type ModelData } from "./model_rows.js";
import { RawBuilder, type RawTable } from "./raw_table.js";

/** The `file` of a JSON row's errors: line is the row number (1 = rows[0]), path the field. */
export const JSON_ROWS = "rows";

/** A RawTable of `rows` for `model` (its source columns only, in model order); a bad cell throws at its row and field. */
export function jsonRowsTable(rows: readonly unknown[], model: ModelData, missing?: MissingSource): RawTable {
  const p = model.preprocessing;
  const header = p.columns.map((c) => c.name);
  const roles = modelColumnRoles(header, model, { requireTarget: false }, JSON_ROWS);
  const builder = new RawBuilder(JSON_ROWS, header, ",", roles, rows.length, false);
  const fail = (row: number, field: string | undefined, message: string): never => {
    throw new MltrainError("data.mismatch", message, { file: JSON_ROWS, line: row + 1, path: field });
  };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      fail(i, undefined, `expected an object of feature: value (${quoteList(header)}), got ${jsonType(row)}`);
    }
    const cells = row as Record<string, unknown>;
    builder.beginRow(i + 1);
    p.columns.forEach((t, c) => {
      if (!Object.hasOwn(cells, t.name)) {
        const guess = closest(t.name, Object.keys(cells).filter((k) => !header.includes(k))); // a field the model does not take
        const hint = guess !== null ? ` (did you mean ${JSON.stringify(guess)}?)` : "";
        fail(i, t.name, `missing field${hint}; the model needs ${quoteList(header)}`);
      }
      const v = cells[t.name];
      if (v === null) {
        if (p.missing === "error") fail(i, t.name, `null (a missing value); ${missing?.hint ?? "the model was trained with data.missing: error"}`);
        builder.missingCell(c, "null");
      } else if (t.kind === "numeric") {
        if (typeof v !== "number") fail(i, t.name, `expected a number, got ${jsonType(v)}`);
        builder.numberCell(c, v as number, undefined);
      } else if (typeof v === "string") {
        builder.textCell(c, v);
      } else if (typeof v === "number") {
        builder.numberCell(c, v, String(v));
      } else {
        fail(i, t.name, `expected a category (a string: ${quoteList(t.categories.map((k) => JSON.stringify(k)))}), got ${jsonType(v)}`);
      }
    });
    builder.endRow();
  }
  return builder.finish();
}

/** A JSON value as a message shows it: `the string "5.1"`, `true`, `an array`, `an object`. */
function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "..." : v)}`;
  if (typeof v === "object") return "an object";
  return JSON.stringify(v);
}
