// k-fold assignment (src/data/kfold.ts): every row in exactly one validation fold per repeat, class
// proportions kept per fold (within one row per class, as StratifiedKFold), fold sizes within one
// (KFold), the same folds for the same seed, scikit-learn's per-fold class counts exactly; and the
// loader's fold option (LoadOptions.fold): the fold's rows replace the split's train and validation.
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { errorLine } from "../../src/cli/errors.js";
import { assignFolds, cvRowsOf, foldRows, loadData, type KFoldOptions } from "../../src/data/index.js";
import { MltrainError } from "../../src/errors.js";
import { dataConfig, errorOf, fixtures } from "./helpers.js";

const opts = (over: Partial<KFoldOptions>): KFoldOptions => ({ folds: 5, strata: null, strataNames: [], shuffle: true, seed: 42, repeat: 0, file: "x.csv", ...over });

/** Per fold, per class index: the rows of that class in the fold. */
function counts(assign: Int32Array, strata: Int32Array, k: number, classes: number): number[][] {
  const out = Array.from({ length: k }, () => new Array<number>(classes).fill(0));
  assign.forEach((f, i) => out[f][strata[i]]++);
  return out;
}

const errorText = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof MltrainError) return `${e.code} | ${errorLine(e)}`;
    throw e;
  }
  throw new Error("expected an MltrainError");
};

describe("assignFolds", () => {
  test("every row is in exactly one validation fold, per repeat; each fold's class counts are within one of each other; sizes within one", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 120 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (k, labels, stratified, shuffle, seed) => {
          const strata = Int32Array.from(labels);
          const perClass = [0, 1, 2, 3].map((c) => labels.filter((l) => l === c).length);
          fc.pre(labels.length >= k && (!stratified || perClass.every((n) => n === 0 || n >= k)));
          for (const repeat of [0, 1]) {
            const a = assignFolds(labels.length, opts({ folds: k, strata: stratified ? strata : null, strataNames: ["a", "b", "c", "d"], shuffle, seed, repeat }));
            // one fold per row, every fold used: each row is in exactly one validation fold
            expect(a.every((f) => f >= 0 && f < k)).toBe(true);
            const sizes = counts(a, new Int32Array(labels.length), k, 1).map((c) => c[0]);
            expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
            const ids = Int32Array.from(labels, (_, i) => i + 1);
            const validation = Array.from({ length: k }, (_, f) => Array.from(foldRows(ids, a, f).validation)).flat().sort((x, y) => x - y);
            expect(validation).toEqual(Array.from(ids));
            if (stratified) {
              const c = counts(a, strata, k, 4);
              for (let cls = 0; cls < 4; cls++) {
                const col = c.map((row) => row[cls]);
                expect(Math.max(...col) - Math.min(...col)).toBeLessThanOrEqual(1);
                expect(col.reduce((s, x) => s + x, 0)).toBe(perClass[cls]);
              }
            }
          }
        },
      ),
      { numRuns: 300, seed: 17 },
    );
  });

  test("a fold's train rows are the other folds' validation rows (disjoint, in row order)", () => {
    const ids = Int32Array.from({ length: 23 }, (_, i) => 10 + i * 2);
    const a = assignFolds(23, opts({ folds: 4 }));
    for (let f = 0; f < 4; f++) {
      const { train, validation } = foldRows(ids, a, f);
      expect([...train, ...validation].sort((x, y) => x - y)).toEqual(Array.from(ids));
      expect(train.some((r) => validation.includes(r))).toBe(false);
      expect(Array.from(train)).toEqual([...train].sort((x, y) => x - y));
      expect(Array.from(validation)).toEqual([...validation].sort((x, y) => x - y));
    }
  });

  test("the same seed and repeat give the same folds; another seed or repeat, others; shuffle false deals rows in file order", () => {
    const strata = Int32Array.from({ length: 60 }, (_, i) => i % 3);
    const a = (o: Partial<KFoldOptions>) => Array.from(assignFolds(60, opts({ strata, strataNames: ["a", "b", "c"], ...o })));
    expect(a({})).toEqual(a({}));
    expect(a({ seed: 43 })).not.toEqual(a({}));
    expect(a({ repeat: 1 })).not.toEqual(a({}));
    // StratifiedKFold(shuffle=False), as scikit-learn gives on these labels: each class's rows in file
    // order get the fold numbers in order (5 rows of each class per fold)
    expect(a({ shuffle: false, folds: 4 }).slice(0, 30)).toEqual([...new Array(15).fill(0), ...new Array(15).fill(1)]);
    expect(Array.from(assignFolds(7, opts({ folds: 3, shuffle: false })))).toEqual([0, 0, 0, 1, 1, 2, 2]); // KFold: sizes 3, 2, 2
  });

  test("gives every fold scikit-learn's number of rows of each class (StratifiedKFold), and KFold's fold sizes", () => {
    const ref = JSON.parse(readFileSync(path.join(fixtures, "sklearn_kfold.json"), "utf8")) as {
      labels: Record<string, string[]>;
      cases: { name: string; k: number; stratified_counts: Record<string, number>[]; kfold_sizes: number[] }[];
    };
    const column = (file: string, target: string): string[] => {
      const [head, ...lines] = readFileSync(path.join("datasets", file), "utf8").trim().split("\n");
      const j = head.split(",").indexOf(target);
      return lines.map((l) => l.split(",")[j]);
    };
    const labels: Record<string, string[]> = {
      iris: column("iris.csv", "species"), wine: column("wine.csv", "class"), breast_cancer: column("breast_cancer.csv", "diagnosis"), imbalanced: ref.labels.imbalanced,
    };
    expect(ref.cases).toHaveLength(14);
    for (const c of ref.cases) {
      const y = labels[c.name];
      const names = [...new Set(y)].sort();
      const strata = Int32Array.from(y, (l) => names.indexOf(l));
      for (const seed of [1, 2]) {
        const a = assignFolds(y.length, opts({ folds: c.k, strata, strataNames: names, seed }));
        const ours = counts(a, strata, c.k, names.length).map((row) => Object.fromEntries(names.map((n, i) => [n, row[i]])));
        expect(ours, `${c.name} K=${c.k}`).toEqual(c.stratified_counts);
        const plain = assignFolds(y.length, opts({ folds: c.k, seed }));
        expect(counts(plain, new Int32Array(y.length), c.k, 1).map((r) => r[0]), `${c.name} K=${c.k}`).toEqual(c.kfold_sizes);
      }
    }
  });

  test("refuses more folds than the smallest class has rows (stratified) or than there are rows", () => {
    const strata = Int32Array.from([0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
    expect(errorText(() => assignFolds(14, opts({ folds: 4, strata, strataNames: ["setosa", "versicolor", "virginica"], file: "iris.csv" })))).toMatchInlineSnapshot(
      `"data.split | iris.csv: data.target: class "setosa" has 3 rows in the train and validation splits, fewer than the 4 folds (stratified folds give every fold's validation rows of each class); use --folds 3 or fewer"`,
    );
    expect(errorText(() => assignFolds(3, opts({ folds: 4, file: "d.csv" })))).toMatchInlineSnapshot(
      `"data.split | d.csv: 3 rows in the train and validation splits, too few for 4 folds (one validation row each at least); use --folds 3 or fewer"`,
    );
    expect(errorText(() => assignFolds(10, opts({ folds: 1 })))).toMatchInlineSnapshot(`"usage | mltrain: --folds must be an integer of at least 2, got 1"`);
  });
});

describe("loadData with a fold", () => {
  const cfg = dataConfig({ path: "iris.csv", target: "species" });
  const base = { baseDir: "datasets", seed: 42 };

  test("trains and validates on the fold's rows, fits the scaling on its train rows, and leaves the test split out", async () => {
    const whole = await loadData(cfg, base);
    const rows = cvRowsOf(whole);
    expect(rows.ids.length).toBe(whole.train.rows + whole.validation!.rows);
    const a = assignFolds(rows.ids.length, opts({ strata: rows.strata, strataNames: rows.names }));
    const fold = foldRows(rows.ids, a, 2);
    const data = await loadData(cfg, { ...base, fold });
    expect(Array.from(data.train.rowIds)).toEqual(Array.from(fold.train));
    expect(Array.from(data.validation!.rowIds)).toEqual(Array.from(fold.validation));
    expect(data.test).toBeNull();
    expect(data.preprocessing).not.toEqual(whole.preprocessing); // other train rows, other means
    // the test rows are in no fold
    const test = new Set(whole.test!.rowIds);
    expect(rows.ids.some((r) => test.has(r))).toBe(false);
  });

  test("refuses rows that are not the split's train and validation rows (the file changed since the folds were drawn)", async () => {
    const whole = await loadData(cfg, base);
    const rows = cvRowsOf(whole);
    const fold = foldRows(rows.ids, assignFolds(rows.ids.length, opts({ strata: rows.strata, strataNames: rows.names })), 0);
    const testRow = whole.test!.rowIds[0];
    expect(await errorOf(loadData(cfg, { ...base, fold: { train: [...fold.train.slice(1), testRow], validation: fold.validation } }))).toBe(
      `data.mismatch | ${path.join("datasets", "iris.csv")}: row ${testRow} of a cross-validation fold is not in the train or validation split: the file is not the one the folds were drawn from`,
    );
    expect(await errorOf(loadData(cfg, { ...base, fold: { train: fold.train.slice(1), validation: fold.validation } }))).toMatch(/a cross-validation fold has 128 rows, the train and validation splits 129/);
  });
});
