// JSON rows (serve's POST /predict body) read for a model: the same inputs as the same values in a CSV
// through loadForModel, and each bad cell refused at its row and field.
import { describe, expect, it } from "vitest";
import { jsonRowsTable, loadForModel, modelRows, type ModelData } from "../../src/data/index.js";
import { MltrainError } from "../../src/errors.js";

// Two numeric columns (standard scaling) and one categorical.
const model: ModelData = {
  features: ["a", "b", "color=blue", "color=red"],
  target: ["y"],
  task: "binary",
  classes: ["no", "yes"],
  preprocessing: {
    normalize: "standard",
    missing: "error",
    columns: [
      { name: "a", kind: "numeric", fill: null, mean: 1, shift: 1, scale: 2 },
      { name: "b", kind: "numeric", fill: null, mean: 0.5, shift: 0.5, scale: 0.25 },
      { name: "color", kind: "categorical", categories: ["blue", "red"] },
    ],
  },
};
const withMean: ModelData = { ...model, preprocessing: { ...model.preprocessing, missing: "mean", columns: model.preprocessing.columns.map((c) => (c.kind === "numeric" ? { ...c, fill: c.mean! } : c)) } };

function rowsOf(rows: unknown[], m: ModelData = model, unseen: "ignore" | "error" = "error") {
  return modelRows(jsonRowsTable(rows, m), m, { requireTarget: false, unseen });
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof MltrainError) return `${err.code} | row ${err.where?.line} | ${err.where?.path} | ${err.message}`;
    throw err;
  }
  throw new Error("expected an MltrainError");
}

describe("jsonRowsTable + modelRows", () => {
  it("gives the inputs loadForModel gives for the same values as CSV text (field order and extra fields do not matter)", async () => {
    const json = rowsOf([
      { color: "red", b: 0.75, a: 3, id: "x1" },
      { a: -1.5, b: 0.5, color: "blue" },
    ]);
    const csv = await loadForModel("<body>", model, { requireTarget: false, bytes: Buffer.from("a,b,color\n3,0.75,red\n-1.5,0.5,blue\n") });
    // a: (3-1)/2 = 1, b: (0.75-0.5)/0.25 = 1, red → [0, 1]; a: (-1.5-1)/2 = -1.25, b 0, blue → [1, 0]
    expect(Array.from(json.x)).toEqual([1, 1, 0, 1, -1.25, 0, 1, 0]);
    expect(Array.from(csv.x)).toEqual(Array.from(json.x));
    expect(json.rows).toBe(2);
  });

  it("null with missing: mean fills the train mean (0 after scaling); a null category is an all-zero block", () => {
    const r = rowsOf([{ a: null, b: 0.5, color: null }], withMean);
    expect(Array.from(r.x)).toEqual([0, 0, 0, 0]);
  });

  it("a number for a categorical column is its text (data.categorical codes)", () => {
    const codes: ModelData = { ...model, preprocessing: { ...model.preprocessing, columns: [{ name: "code", kind: "categorical", categories: ["1", "2"] }] } };
    expect(Array.from(rowsOf([{ code: 2 }, { code: "1" }], codes).x)).toEqual([0, 1, 1, 0]);
  });

  it("refuses each bad cell naming the row (1 = rows[0]) and the field", () => {
    const good = { a: 1, b: 2, color: "red" };
    expect(errorOf(() => rowsOf([good, { a: 1, color: "red" }]))).toMatchInlineSnapshot(`"data.mismatch | row 2 | b | missing field; the model needs a, b, color"`);
    expect(errorOf(() => rowsOf([{ a: 1, b: 2, colour: "red" }]))).toMatchInlineSnapshot(`"data.mismatch | row 1 | color | missing field (did you mean "colour"?); the model needs a, b, color"`);
    expect(errorOf(() => rowsOf([good, good, { ...good, a: "5.1" }]))).toMatchInlineSnapshot(`"data.mismatch | row 3 | a | expected a number, got the string "5.1""`);
    expect(errorOf(() => rowsOf([{ ...good, b: true }]))).toMatchInlineSnapshot(`"data.mismatch | row 1 | b | expected a number, got true"`);
    expect(errorOf(() => rowsOf([{ ...good, color: ["red"] }]))).toMatchInlineSnapshot(`"data.mismatch | row 1 | color | expected a category (a string: "blue", "red"), got an array"`);
    expect(errorOf(() => rowsOf([good, { ...good, color: "purple" }]))).toMatchInlineSnapshot(`"data.mismatch | row 2 | color | unseen category "purple": the model was trained on "blue", "red""`);
    expect(errorOf(() => rowsOf([{ ...good, a: null }]))).toMatchInlineSnapshot(`"data.mismatch | row 1 | a | null (a missing value); the model was trained with data.missing: error"`);
    expect(errorOf(() => rowsOf([good, 7]))).toMatchInlineSnapshot(`"data.mismatch | row 2 | undefined | expected an object of feature: value (a, b, color), got 7"`);
  });

  it("unseen: ignore (predict's default) encodes an unseen category as an all-zero block", () => {
    expect(Array.from(rowsOf([{ a: 1, b: 0.5, color: "purple" }], model, "ignore").x)).toEqual([0, 0, 0, 0]);
  });
});
