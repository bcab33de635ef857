// Splits: a partition of the rows with no leakage, seeded, stratified by class, with deterministic counts.
import { describe, expect, test } from "vitest";
import { loadData, splitCounts, type PreparedData } from "../../src/data/index.js";
import { dataConfig, errorOf, fixtures } from "./helpers.js";

const load = (path: string, target: string, split: Record<string, unknown> = {}, seed = 42, baseDir = "datasets") =>
  loadData(dataConfig({ path, target, split }), { baseDir, seed });

const ids = (p: PreparedData) => [p.train, p.validation, p.test].map((t) => (t ? Array.from(t.rowIds) : []));

/** Label of each row id, from the one-hot/0-1 targets of all splits. */
function labelsById(p: PreparedData): Map<number, number> {
  const out = new Map<number, number>();
  for (const t of [p.train, p.validation, p.test]) {
    if (!t) continue;
    for (let r = 0; r < t.rows; r++) {
      const y = t.y.subarray(r * t.nOut, (r + 1) * t.nOut);
      out.set(t.rowIds[r], t.nOut === 1 ? y[0] : y.indexOf(1));
    }
  }
  return out;
}

describe("splitCounts", () => {
  test("floor, then leftovers to the largest fractional parts (ties: train, validation, test)", () => {
    expect(splitCounts(50, [0.7, 0.15, 0.15])).toEqual([35, 8, 7]); // 35, 7.5, 7.5
    expect(splitCounts(150, [0.7, 0.15, 0.15])).toEqual([105, 23, 22]); // 105, 22.5, 22.5
    expect(splitCounts(10, [1, 0, 0])).toEqual([10, 0, 0]);
    expect(splitCounts(10, [0.98, 0.01, 0.01])).toEqual([8, 1, 1]); // nonzero ratios get a row
    expect(splitCounts(2, [0.7, 0.15, 0.15])).toBeNull();
  });
});

describe("splits on shipped datasets", () => {
  for (const [file, target, n] of [
    ["iris.csv", "species", 150],
    ["breast_cancer.csv", "diagnosis", 569],
    ["diabetes.csv", "progression", 442],
  ] as const) {
    test(`${file}: train, validation and test partition rows 1..${n}; no validation or test row is in train`, async () => {
      const [tr, va, te] = ids(await load(file, target));
      const train = new Set(tr);
      expect(va.some((r) => train.has(r)) || te.some((r) => train.has(r))).toBe(false);
      expect(new Set(va).size + new Set(te).size + train.size).toBe(n);
      expect([...tr, ...va, ...te].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    });
  }

  test("stratified: each class of iris (50) is split 35/8/7; of breast_cancer per splitCounts(class size)", async () => {
    for (const [file, target] of [
      ["iris.csv", "species"],
      ["breast_cancer.csv", "diagnosis"],
    ]) {
      const p = await load(file, target);
      const byId = labelsById(p);
      const classes = [...new Set(byId.values())];
      for (const c of classes) {
        const size = [...byId.values()].filter((v) => v === c).length;
        const got = ids(p).map((rows) => rows.filter((r) => byId.get(r) === c).length);
        expect(got, `${file} class ${c}`).toEqual(splitCounts(size, [0.7, 0.15, 0.15]));
      }
    }
  });

  test("same seed → same rows in each split; another seed → different rows", async () => {
    const a = ids(await load("iris.csv", "species", {}, 7));
    const b = ids(await load("iris.csv", "species", {}, 7));
    const c = ids(await load("iris.csv", "species", {}, 8));
    expect(a).toEqual(b);
    expect(c[0]).not.toEqual(a[0]);
    expect([...c[0]].sort()).not.toEqual([...a[0]].sort());
  });

  test("shuffle false, stratify false: the splits are consecutive blocks in file order", async () => {
    const [tr, va, te] = ids(await load("iris.csv", "species", { shuffle: false, stratify: false }));
    expect(tr).toEqual(Array.from({ length: 105 }, (_, i) => i + 1));
    expect(va).toEqual(Array.from({ length: 23 }, (_, i) => i + 106));
    expect(te).toEqual(Array.from({ length: 22 }, (_, i) => i + 129));
  });

  test("shuffled stratified splits mix the classes (train's first 10 rows hold 2+ classes)", async () => {
    const p = await load("iris.csv", "species");
    const byId = labelsById(p);
    expect(new Set(Array.from(p.train.rowIds.subarray(0, 10), (r) => byId.get(r))).size).toBeGreaterThan(1);
  });

  test("a class too small for every split is a data.split error naming it", async () => {
    expect(await errorOf(load("labels_abc.csv", "label", {}, 1, fixtures))).toMatchInlineSnapshot(`"data.split | test/fixtures/data/labels_abc.csv: data.split: class "a" has 1 row, too few for one row in each of 3 splits (train 0.7, validation 0.15, test 0.15); set data.split.stratify: false, or give the class more rows"`);
  });

  test("multilabel rows are stratified by label combination (a combination with 1 row is too small)", async () => {
    const p = loadData(dataConfig({ path: "multilabel.csv", target: ["t1", "t2"], split: { train: 0.4, validation: 0.3, test: 0.3 } }), {
      baseDir: fixtures,
      seed: 1,
    });
    expect(await errorOf(p)).toMatchInlineSnapshot(`"data.split | test/fixtures/data/multilabel.csv: data.split: class "t1=0,t2=1" has 1 row, too few for one row in each of 3 splits (train 0.4, validation 0.3, test 0.3); set data.split.stratify: false, or give the class more rows"`);
  });

  test("without stratification, fewer rows than nonzero ratios is a data.split error", async () => {
    const ok = await load("labels_abc.csv", "label", { train: 0.5, validation: 0.25, test: 0.25, stratify: false }, 1, fixtures);
    expect(ids(ok).map((r) => r.length)).toEqual([1, 1, 1]);
    const p = load("labels_unseen.csv", "label", { stratify: false }, 1, fixtures);
    expect(await errorOf(p)).toMatchInlineSnapshot(`"data.split | test/fixtures/data/labels_unseen.csv: data.split: 2 rows, too few for one row in each of 3 splits (train 0.7, validation 0.15, test 0.15)"`);
  });
});
