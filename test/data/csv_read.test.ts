// CSV reading: the dialects people write, both reader paths (fast byte path, csv-parse), and every bad
// file as an error naming the file, the line and the column.
import { describe, expect, test } from "vitest";
import { loadData } from "../../src/data/index.js";
import { readCsv, detectDelimiter } from "../../src/data/csv_read.js";
import type { RawTable } from "../../src/data/raw_table.js";
import { dataConfig, errorOf, fixtures } from "./helpers.js";

const all = (header: string[]) => header.map(() => "target" as const);
const read = (name: string, missingIsError = false): Promise<RawTable> =>
  readCsv(`${fixtures}/${name}`, { display: `${fixtures}/${name}`, select: all, missingIsError });

/** Columns as [name, kind, numbers (NaN as null), texts, missing flags] for whole-table comparisons. */
function dump(t: RawTable) {
  return [...t.columns.values()].map((c) => [
    c.name,
    c.kind,
    Array.from(c.num, (v) => (Number.isNaN(v) ? null : v)),
    c.text,
    c.missing ? Array.from(c.missing) : null,
  ]);
}

const fit = (file: string, over: Record<string, unknown> = {}) =>
  loadData(dataConfig({ path: file, target: "label", split: { train: 1, validation: 0, test: 0, shuffle: false }, normalize: "none", ...over }), {
    baseDir: fixtures,
    seed: 1,
  });

describe("CSV dialects", () => {
  test("quoted fields, doubled quotes, a line break inside quotes, CRLF, a BOM and a blank line read as written (csv-parse path)", async () => {
    const t = await read("quoted_crlf_bom.csv");
    expect(t.header).toEqual(["id", "size, cm", "name", "label"]);
    expect(t.rows).toBe(4);
    expect(t.columns.get("name")!.text).toEqual(["red, dark", 'say "hi"', "two\r\nlines", "plain"]);
    expect(Array.from(t.columns.get("size, cm")!.num)).toEqual([1.5, 2.5, 3.5, 4.5]);
    // file lines where each row starts: 2, 3, (4 blank), 5-6, 7
    expect(Array.from(t.lines)).toEqual([2, 3, 5, 7]);
  });

  test("the byte-level fast path and csv-parse read the same numbers, texts and missing cells (exact)", async () => {
    const fast = await read("plain.csv");
    const quoted = await read("plain_quoted.csv");
    expect(dump(fast)).toEqual(dump(quoted));
    expect(Array.from(fast.columns.get("x1")!.num)).toEqual([1, -3.25, 0.5, 7]);
    expect(Array.from(fast.columns.get("x2")!.missing!)).toEqual([0, 0, 1, 0]);
  });

  test("on the shipped datasets, the fast path and csv-parse give identical tables (exact)", async () => {
    for (const name of ["iris.csv", "breast_cancer.csv", "diabetes.csv", "wine.csv"]) {
      const opts = { display: name, select: all, missingIsError: true };
      const fast = await readCsv(`datasets/${name}`, opts);
      const slow = await readCsv(`datasets/${name}`, { ...opts, parser: "csv-parse" });
      expect(dump(fast), name).toEqual(dump(slow));
      expect(Array.from(fast.lines), name).toEqual(Array.from(slow.lines));
    }
  });

  test(".csv.gz reads the same as the plain file", async () => {
    expect(dump(await read("plain.csv.gz"))).toEqual(dump(await read("plain.csv")));
  });

  test("semicolon, tab and pipe delimiters are detected from the header line", async () => {
    for (const name of ["semicolon.csv", "tab.tsv", "pipe.csv"]) {
      const t = await read(name);
      expect(t.header, name).toEqual(["x1", "x2", "label"]);
      expect(Array.from(t.columns.get("x2")!.num), name).toEqual([2, 4, 6, 8]);
    }
    expect(detectDelimiter('"a;b",c,d')).toBe(","); // the ; is inside quotes
    expect(detectDelimiter("single")).toBe(",");
  });

  test("data.delimiter overrides detection (a one-column read of a ; file with delimiter ,)", async () => {
    const d = await errorOf(fit("semicolon.csv", { delimiter: "," }));
    expect(d).toMatchInlineSnapshot(`"data.missing_column | test/fixtures/data/semicolon.csv: data.target: no column "label"; the columns are: x1;x2;label (one column: is data.delimiter right?)"`);
  });

  test("numbers are parsed exactly like Number() for long mantissas and exponents (fast path)", async () => {
    const { parseBytes } = await import("../../src/data/csv_fast.js");
    for (const s of ["0", "-0.1", "3.14159265358979", "123456789012345678", "1e-7", "2.5E+3", "0.000001", "+4", "7.", ".25"]) {
      const b = Buffer.from(s);
      expect(parseBytes(b, 0, b.length), s).toBe(Number(s));
    }
    for (const s of ["abc", "1.2.3", "0x10", "Infinity", "1e", "-", "1,5"]) {
      const b = Buffer.from(s);
      expect(parseBytes(b, 0, b.length), s).toBeNaN();
    }
  });
});

describe("bad files: exit-2 errors naming file, line and column", () => {
  test("a missing file", async () => {
    expect(await errorOf(fit("no_such.csv"))).toMatchInlineSnapshot(`"data.io | test/fixtures/data/no_such.csv: file not found"`);
  });
  test("an empty file", async () => {
    expect(await errorOf(fit("empty.csv"))).toMatchInlineSnapshot(`"data.empty | test/fixtures/data/empty.csv: the file is empty (a header row is required)"`);
  });
  test("a header-only file", async () => {
    expect(await errorOf(fit("header_only.csv"))).toMatchInlineSnapshot(`"data.empty | test/fixtures/data/header_only.csv:2: the file has a header row but no data rows"`);
  });
  test("duplicate column names", async () => {
    expect(await errorOf(fit("duplicate_columns.csv"))).toMatchInlineSnapshot(`"data.parse | test/fixtures/data/duplicate_columns.csv:1:3: duplicate column name "a" (also column 1); column names must be unique"`);
  });
  test("a ragged row", async () => {
    expect(await errorOf(fit("ragged.csv"))).toMatchInlineSnapshot(`"data.parse | test/fixtures/data/ragged.csv:3: row has 2 fields, the header has 3 (every row needs one value per column)"`);
  });
  test("a ragged row in a quoted file (csv-parse path) names its line too", async () => {
    const t = errorOf(readCsv(`${fixtures}/ragged_quoted.csv`, { display: "x.csv", select: all, missingIsError: false }));
    expect(await t).toBe("data.parse | x.csv:4: row has 4 fields, the header has 3 (every row needs one value per column)");
  });
  test("a word in a numeric column", async () => {
    expect(await errorOf(fit("non_numeric.csv"))).toMatchInlineSnapshot(`"data.parse | test/fixtures/data/non_numeric.csv:3:2: b: expected a number, got "abc" (the column holds numbers from line 2; a missing value is written as an empty cell, NA or ?)"`);
  });
  test("a word in the first row of a column that otherwise holds numbers is a typo, not a category", async () => {
    expect(await errorOf(fit("non_numeric_first.csv"))).toMatchInlineSnapshot(`"data.parse | test/fixtures/data/non_numeric_first.csv:2:2: b: expected a number, got "abc" (3 of the column's 4 values are numbers; a missing value is written as an empty cell, NA or ?)"`);
    // a column with more words than numbers stays categorical, its numbers as categories
    const d = await fit("mixed_category.csv");
    expect(d.preprocessing.columns[1]).toEqual({ name: "color", kind: "categorical", categories: ["3", "blue", "green", "red"] });
  });
  test("a missing cell with missing: error", async () => {
    expect(await errorOf(fit("missing_cell.csv"))).toMatchInlineSnapshot(`"data.parse | test/fixtures/data/missing_cell.csv:3:2: b: empty cell (a missing value); set data.missing to drop (skip such rows) or mean (fill with the train mean)"`);
  });
  test("a missing target column, with the columns that exist and a guess", async () => {
    expect(await errorOf(fit("non_numeric.csv", { target: "lable" }))).toMatchInlineSnapshot(`"data.missing_column | test/fixtures/data/non_numeric.csv: data.target: no column "lable"; the columns are: a, b, label"`);
  });
  test("a missing feature column", async () => {
    expect(await errorOf(fit("non_numeric.csv", { features: ["a", "c"] }))).toMatchInlineSnapshot(`"data.missing_column | test/fixtures/data/non_numeric.csv: data.features[1]: no column "c"; the columns are: a, b, label"`);
  });
  test("a regression target that is not numeric", async () => {
    expect(await errorOf(fit("text_regression.csv", { target: "y", task: "regression" }))).toMatchInlineSnapshot(`"data.parse | test/fixtures/data/text_regression.csv:2:2: y: a regression target must be numeric: expected a number, got "a""`);
  });
  test("a binary positive label that is not in the column", async () => {
    const cfg = { path: "breast_cancer.csv", target: "diagnosis", positive: "cancer" };
    const p = loadData(dataConfig(cfg), { baseDir: "datasets", seed: 1 });
    expect(await errorOf(p)).toMatchInlineSnapshot(`"config.invalid | datasets/breast_cancer.csv: data.positive: positive label "cancer" is not in column "diagnosis" (labels: "benign", "malignant")"`);
  });
});
