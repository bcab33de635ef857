// data.categorical (numeric codes one-hot encoded) and the warning for a text column that looks like an
// id (one-hot encoded into as many inputs as it has rows).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { loadData, loadForModel, type PreparedData } from "../../src/data/index.js";
import { dataConfig, errorOf, fixtures } from "./helpers.js";

const noSplit = { train: 1, validation: 0, test: 0, shuffle: false, stratify: false };
const load = (over: Record<string, unknown>, baseDir = fixtures): Promise<PreparedData> =>
  loadData(dataConfig({ split: noSplit, ...over }), { baseDir, seed: 1 });
const rowsOf = (d: PreparedData) => Array.from({ length: d.train.rows }, (_, r) => Array.from(d.train.x.subarray(r * d.train.nIn, (r + 1) * d.train.nIn)));

describe("data.categorical: numeric codes one-hot encoded", () => {
  // codes.csv: code = 2, 1, 3, 2; x = 1, 2, 4, 5 (standard: mean 3, std sqrt(2.5))
  test("a code column becomes one 0/1 input per code (sorted numerically), by hand; other columns unchanged (1e-6)", async () => {
    const d = await load({ path: "codes.csv", target: "y", categorical: ["code"] });
    expect(d.features).toEqual(["code=1", "code=2", "code=3", "x"]);
    const s = Math.sqrt(2.5);
    const expected = [
      [0, 1, 0, (1 - 3) / s],
      [1, 0, 0, (2 - 3) / s],
      [0, 0, 1, (4 - 3) / s],
      [0, 1, 0, (5 - 3) / s],
    ];
    rowsOf(d).forEach((row, r) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[r][j], 6)));
    expect(d.preprocessing.columns[0]).toEqual({ name: "code", kind: "categorical", categories: ["1", "2", "3"] });
    expect(d.warnings).toEqual([]);
  });
  test("without it the column is a scaled number (one input)", async () => {
    const d = await load({ path: "codes.csv", target: "y" });
    expect(d.features).toEqual(["code", "x"]);
  });
  test("eval/predict: a code unseen in training, or missing (missing: mean), is an all-zero block", async () => {
    const d = await load({ path: "codes.csv", target: "y", categorical: ["code"] });
    const dir = mkdtempSync(path.join(tmpdir(), "mltrain-codes-"));
    writeFileSync(path.join(dir, "new.csv"), "code,x\n7,1\n3,1\n");
    const r = await loadForModel(path.join(dir, "new.csv"), d, { requireTarget: false });
    expect(Array.from(r.x.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(r.x.subarray(4, 7))).toEqual([0, 0, 1]);
  });
  test("a column that is not there, or not a feature: config errors naming data.categorical", async () => {
    expect(await errorOf(load({ path: "codes.csv", target: "y", categorical: ["kode"] }))).toMatchInlineSnapshot(`"data.missing_column | test/fixtures/data/codes.csv: data.categorical: no column "kode" (did you mean "code"?); the columns are: code, x, y"`);
    expect(await errorOf(load({ path: "codes.csv", target: "y", categorical: ["y"] }))).toMatchInlineSnapshot(`"config.invalid | test/fixtures/data/codes.csv: data.categorical: y is not a feature (a target or an ignored column), so it cannot be one-hot encoded; the features are code, x"`);
    expect(await errorOf(load({ path: "codes.csv", target: "y", ignore: ["code"], categorical: ["code"] }))).toMatchInlineSnapshot(`"config.invalid | test/fixtures/data/codes.csv: data.categorical: code is not a feature (a target or an ignored column), so it cannot be one-hot encoded; the features are x"`);
  });
});

describe("a text column that looks like an id is warned about", () => {
  /** `n` rows: id = r0, r1, ... (all distinct); group = one of `groups` words; x; y = a/b. */
  function csv(n: number, groups: number): string {
    const dir = mkdtempSync(path.join(tmpdir(), "mltrain-ids-"));
    const lines = ["id,group,x,y", ...Array.from({ length: n }, (_, r) => `r${r},g${r % groups},${r},${r % 2 ? "a" : "b"}`)];
    writeFileSync(path.join(dir, "ids.csv"), lines.join("\n") + "\n");
    return dir;
  }
  test("all distinct and >= 20 values: one warning naming the column, its counts and the data.ignore to set", async () => {
    const d = await load({ path: "ids.csv", target: "y" }, csv(40, 4));
    expect(d.warnings.map((w) => w.replace(/^.*ids\.csv/, "DIR/ids.csv"))).toMatchInlineSnapshot(`
      [
        "DIR/ids.csv: column "id" has 40 distinct values in 40 train rows, like an id: one-hot encoding makes 40 inputs that say nothing about new rows; leave it out with data.ignore: [id] (or list data.features)",
      ]
    `);
  });
  test("the rule's edges: 19 distinct values (too few to matter), and 20 categories in 40 rows (half: not over it) are not warned about", async () => {
    expect((await load({ path: "ids.csv", target: "y" }, csv(19, 4))).warnings).toEqual([]);
    expect((await load({ path: "ids.csv", target: "y", ignore: ["id"] }, csv(40, 20))).warnings).toEqual([]);
    expect((await load({ path: "ids.csv", target: "y", ignore: ["id"] }, csv(40, 21))).warnings).toHaveLength(1);
  });
  test("ignored, or listed in data.categorical (on purpose): no warning", async () => {
    const dir = csv(40, 4);
    expect((await load({ path: "ids.csv", target: "y", ignore: ["id"] }, dir)).warnings).toEqual([]);
    expect((await load({ path: "ids.csv", target: "y", categorical: ["id"] }, dir)).warnings).toEqual([]);
  });
});
