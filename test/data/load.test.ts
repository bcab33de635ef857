// loadData / loadForModel: statistics from the train split only, one-hot layout, missing values, task
// inference on every shipped dataset, target encoding, the same transform at eval time.
import { describe, expect, test } from "vitest";
import { loadData, loadForModel, type PreparedData } from "../../src/data/index.js";
import { dataConfig, errorOf, fixtures } from "./helpers.js";

const noSplit = { train: 1, validation: 0, test: 0, shuffle: false, stratify: false };
const load = (over: Record<string, unknown>, baseDir = fixtures, seed = 1): Promise<PreparedData> =>
  loadData(dataConfig(over), { baseDir, seed });
/** Row r of a table's x as plain numbers. */
const row = (t: { x: Float32Array; nIn: number }, r: number) => Array.from(t.x.subarray(r * t.nIn, (r + 1) * t.nIn));

describe("preprocessing fitted on the train split", () => {
  // stats.csv: x = 1, 2, 4, 5; z = 7 (constant); color = red, blue, red, green; y = 0.5 .. 3.5
  test("standard: (x - mean) / population std, by hand: mean 3, std sqrt(2.5); a constant column scales by 1 (1e-6)", async () => {
    const d = await load({ path: "stats.csv", target: "y", split: noSplit });
    expect(d.task).toBe("regression");
    expect(d.features).toEqual(["x", "z", "color=blue", "color=green", "color=red"]);
    const s = Math.sqrt(2.5);
    const expected = [
      [(1 - 3) / s, 0, 0, 0, 1],
      [(2 - 3) / s, 0, 1, 0, 0],
      [(4 - 3) / s, 0, 0, 0, 1],
      [(5 - 3) / s, 0, 0, 1, 0],
    ];
    for (let r = 0; r < 4; r++) row(d.train, r).forEach((v, j) => expect(v).toBeCloseTo(expected[r][j], 6));
    expect(Array.from(d.train.y)).toEqual([0.5, 1.5, 2.5, 3.5]);
    expect(d.preprocessing.columns[0]).toEqual({ name: "x", kind: "numeric", fill: null, shift: 3, scale: s, mean: 3 });
    expect(d.preprocessing.columns[1]).toEqual({ name: "z", kind: "numeric", fill: null, shift: 7, scale: 1, mean: 7 });
    expect(JSON.parse(JSON.stringify(d.preprocessing))).toEqual(d.preprocessing); // JSON-serialisable
  });

  test("minmax: (x - min) / (max - min), by hand 0, .25, .75, 1; constant column → 0 (exact)", async () => {
    const d = await load({ path: "stats.csv", target: "y", split: noSplit, normalize: "minmax" });
    expect([0, 1, 2, 3].map((r) => row(d.train, r)[0])).toEqual([0, 0.25, 0.75, 1]);
    expect([0, 1, 2, 3].map((r) => row(d.train, r)[1])).toEqual([0, 0, 0, 0]);
    // the train mean is stored whatever the scaling, for eval/predict --missing mean: (1+2+4+5)/4 = 3
    expect(d.preprocessing.columns[0]).toMatchObject({ shift: 1, scale: 4, mean: 3 });
  });

  test("statistics and categories come from train rows only: train x = 1, 2 → mean 1.5, std 0.5; validation 'green' unseen → zeros (exact)", async () => {
    const split = { train: 0.5, validation: 0.5, test: 0, shuffle: false, stratify: false };
    const d = await load({ path: "stats.csv", target: "y", split });
    expect(d.features).toEqual(["x", "z", "color=blue", "color=red"]);
    expect(Array.from(d.train.rowIds)).toEqual([1, 2]);
    expect(row(d.train, 0)).toEqual([-1, 0, 0, 1]);
    expect(Array.from(d.validation!.rowIds)).toEqual([3, 4]);
    expect(row(d.validation!, 0)).toEqual([5, 0, 0, 1]); // (4 - 1.5) / 0.5, red
    expect(row(d.validation!, 1)).toEqual([7, 0, 0, 0]); // (5 - 1.5) / 0.5, green unseen
    expect(d.test).toBeNull();
  });

  test("loadForModel applies the train statistics, matches columns by name, keeps id text; unseen category → zeros (exact)", async () => {
    const split = { train: 0.5, validation: 0.5, test: 0, shuffle: false, stratify: false };
    const d = await load({ path: "stats.csv", target: "y", split });
    const e = await loadForModel(`${fixtures}/stats_eval.csv`, d, { requireTarget: true, keep: ["id"] });
    expect(e.rows).toBe(2);
    expect(Array.from(e.x)).toEqual([17, 0, 0, 1, -3, 0, 0, 0]); // (10-1.5)/0.5 red; (0-1.5)/0.5 purple
    expect(Array.from(e.y!)).toEqual([9, 9]);
    expect(e.keep).toEqual([["r1"], ["r2"]]);
    expect(Array.from(e.rowIds)).toEqual([1, 2]);
    const p = await loadForModel(`${fixtures}/stats_eval.csv`, d, { requireTarget: false });
    expect(p.y).toBeNull();
  });

  test("loadForModel: a missing feature column is data.mismatch naming it", async () => {
    const d = await load({ path: "stats.csv", target: "y", split: noSplit });
    expect(await errorOf(loadForModel(`${fixtures}/stats_eval_missing_column.csv`, d, { requireTarget: true }))).toMatchInlineSnapshot(`"data.mismatch | test/fixtures/data/stats_eval_missing_column.csv:1: missing feature columns "z", "color"; the model needs x, z, color, y; the file has x, y"`);
  });

  test("loadForModel: a label not seen in training is data.mismatch at its line and column", async () => {
    const d = await load({ path: "labels_abc.csv", target: "label", split: noSplit });
    expect(await errorOf(loadForModel(`${fixtures}/labels_unseen.csv`, d, { requireTarget: true }))).toMatchInlineSnapshot(`"data.mismatch | test/fixtures/data/labels_unseen.csv:3:2: label: label "z" was not seen in training (classes: "a", "b", "c")"`);
  });
});

describe("missing values", () => {
  // missing_values.csv: x = 1, ?, 3, 5, NA, 7; color = red, blue, (empty), red, blue, red; y = a/b
  test("drop: rows with a missing feature are dropped before the split, row ids keep file numbering", async () => {
    const d = await load({ path: "missing_values.csv", target: "y", split: noSplit, missing: "drop", normalize: "none" });
    expect(Array.from(d.train.rowIds)).toEqual([1, 4, 6]);
    expect([0, 1, 2].map((r) => row(d.train, r)[0])).toEqual([1, 5, 7]);
  });

  test("mean: the train mean (1+3+5+7)/4 = 4 fills x; a missing category is an all-zero block (exact)", async () => {
    const d = await load({ path: "missing_values.csv", target: "y", split: noSplit, missing: "mean", normalize: "none" });
    expect(d.features).toEqual(["x", "color=blue", "color=red"]);
    expect(Array.from(d.train.x)).toEqual([1, 0, 1, 4, 1, 0, 3, 0, 0, 5, 0, 1, 4, 1, 0, 7, 0, 1]);
    expect(d.preprocessing.columns[0]).toMatchObject({ fill: 4 });
  });

  test("mean: a row whose target is missing is dropped (a label cannot be imputed)", async () => {
    const d = await load({ path: "missing_label.csv", target: "label", split: noSplit, missing: "mean" });
    expect(Array.from(d.train.rowIds)).toEqual([1, 3]);
  });

  test("mean then standard: imputed values count in the statistics (sklearn Pipeline order): std sqrt(20/6) (1e-6)", async () => {
    const d = await load({ path: "missing_values.csv", target: "y", split: noSplit, missing: "mean" });
    const t = d.preprocessing.columns[0];
    expect(t).toMatchObject({ kind: "numeric", fill: 4, shift: 4, mean: 4 });
    expect(t.kind === "numeric" && t.scale).toBeCloseTo(Math.sqrt(20 / 6), 6);
  });
});

describe("task inference and target encoding", () => {
  const shipped = async (path: string, target: string | string[], over: Record<string, unknown> = {}) =>
    load({ path, target, ...over }, "datasets", 42);

  test("iris → multiclass with 3 sorted classes, one-hot y", async () => {
    const d = await shipped("iris.csv", "species");
    expect([d.task, d.classes, d.train.nIn, d.train.nOut]).toEqual(["multiclass", ["setosa", "versicolor", "virginica"], 4, 3]);
    for (let r = 0; r < d.train.rows; r++) expect(row({ x: d.train.y, nIn: 3 }, r).reduce((a, b) => a + b)).toBe(1);
  });
  test("wine → multiclass (3); digits → multiclass with labels 0..9 sorted numerically", async () => {
    expect((await shipped("wine.csv", "class")).classes).toEqual(["class_0", "class_1", "class_2"]);
    const d = await shipped("digits.csv", "digit");
    expect([d.task, d.classes, d.train.nIn, d.train.nOut]).toEqual(["multiclass", ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], 64, 10]);
  });
  test("breast_cancer → binary, positive = last sorted label (malignant) or data.positive; y sums to its count", async () => {
    const d = await shipped("breast_cancer.csv", "diagnosis");
    expect([d.task, d.classes, d.train.nOut]).toEqual(["binary", ["benign", "malignant"], 1]);
    const ones = (p: PreparedData) => [p.train, p.validation!, p.test!].reduce((s, t) => s + t.y.reduce((a, b) => a + b, 0), 0);
    expect(ones(d)).toBe(212);
    const b = await shipped("breast_cancer.csv", "diagnosis", { positive: "benign" });
    expect(b.classes).toEqual(["malignant", "benign"]);
    expect(ones(b)).toBe(357);
  });
  test("diabetes → regression with raw target values", async () => {
    const d = await shipped("diabetes.csv", "progression", { split: noSplit });
    expect([d.task, d.classes, d.train.nOut]).toEqual(["regression", null, 1]);
    expect(Array.from(d.train.y.subarray(0, 3))).toEqual([151, 75, 141]);
  });
  test("digits_multilabel → multilabel over even, prime, large (label sums 891, 721, 896)", async () => {
    const d = await shipped("digits_multilabel.csv", ["even", "prime", "large"]);
    expect([d.task, d.classes, d.train.nIn, d.train.nOut]).toEqual(["multilabel", ["even", "prime", "large"], 64, 3]);
    const sums = [0, 0, 0];
    for (const t of [d.train, d.validation!, d.test!]) for (let i = 0; i < t.y.length; i++) sums[i % 3] += t.y[i];
    expect(sums).toEqual([891, 721, 896]);
  });
  test("several 0/1 targets → multilabel; several numeric → multi-output regression", async () => {
    const m = await load({ path: "multilabel.csv", target: ["t1", "t2"], split: noSplit });
    expect([m.task, m.classes, Array.from(m.train.y)]).toEqual(["multilabel", ["t1", "t2"], [0, 1, 1, 1, 0, 0, 1, 0]]);
    const r = await load({ path: "multioutput.csv", target: ["t1", "t2"], split: noSplit });
    expect([r.task, r.train.nOut, Array.from(r.train.y.subarray(0, 4))]).toEqual(["regression", 2, [0.5, 1, 1, 2]]);
  });
  test("an explicit task is checked: multilabel on a column holding 0.5 is an error at that cell", async () => {
    expect(await errorOf(load({ path: "multioutput.csv", target: ["t1", "t2"], task: "multilabel", split: noSplit }))).toMatchInlineSnapshot(`"data.parse | test/fixtures/data/multioutput.csv:2:2: t1: a multilabel target column holds 0 or 1, got "0.5""`);
  });
  test("numeric labels stay as written ('1.0') and sort numerically ('2.0' before '10.0')", async () => {
    const d = await load({ path: "numeric_labels.csv", target: "label", split: noSplit });
    expect([d.task, d.classes]).toEqual(["multiclass", ["1.0", "2.0", "10.0"]]);
  });
  test("an explicit task is checked: binary on three labels is an error", async () => {
    expect(await errorOf(load({ path: "labels_abc.csv", target: "label", task: "binary", split: noSplit }))).toMatchInlineSnapshot(`"data.parse | test/fixtures/data/labels_abc.csv: label: a binary target has exactly 2 labels, column "label" has 3 labels: "a", "b", "c""`);
  });
});

describe("test_path", () => {
  test("a separate test file goes through the train transform; the split covers train/validation only", async () => {
    const d = await load({ path: "stats.csv", target: "y", test_path: "stats_eval.csv", split: { train: 0.5, validation: 0.5, test: 0, shuffle: false, stratify: false } });
    expect(d.test!.rows).toBe(2);
    expect(Array.from(d.test!.x.subarray(0, 4))).toEqual([17, 0, 0, 1]);
    expect(d.train.rows + d.validation!.rows).toBe(4);
    expect(d.source).toMatchObject({ file: "test/fixtures/data/stats.csv", rows: 4, test_file: "test/fixtures/data/stats_eval.csv", test_rows: 2 });
  });
});

describe("stored preprocessing", () => {
  test("parsePreprocessing accepts what loadData produced (after a JSON round trip) and names the first problem otherwise", async () => {
    const { parsePreprocessing } = await import("../../src/data/index.js");
    const d = await load({ path: "stats.csv", target: "y", split: noSplit });
    const json = JSON.parse(JSON.stringify(d.preprocessing));
    expect(parsePreprocessing(json, "m.json")).toEqual(d.preprocessing);
    json.columns[0].scale = 0;
    expect(() => parsePreprocessing(json, "m.json")).toThrowErrorMatchingInlineSnapshot(`[MltrainError: input.preprocessing.columns.0.scale: Too small: expected number to be >0]`);
  });
});
