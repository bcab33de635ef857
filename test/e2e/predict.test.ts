// `mltrain predict` end to end: models fitted briefly from the shipped configs (child processes in a temp
// dir), predictions read back and checked for their columns, row numbers, probabilities and agreement
// with `mltrain eval`. Needs dist/ (npm run build first).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mltrain, root, tmp } from "./cli.js";

const dataset = (name: string) => path.join(root, "datasets", `${name}.csv`);

/** A plain CSV (no quoted fields) as header + rows of cells. */
function parse(csv: string): { header: string[]; rows: string[][] } {
  const [head, ...lines] = csv.trimEnd().split("\n");
  return { header: head.split(","), rows: lines.map((l) => l.split(",")) };
}
const column = (t: { header: string[]; rows: string[][] }, name: string) => t.rows.map((r) => r[t.header.indexOf(name)]);

/** One temp dir with a 5-epoch model per shipped config (dir/NAME/model.json). */
const cwd = tmp("predict");
beforeAll(() => {
  for (const [name, extra] of [
    ["iris", []],
    ["breast_cancer", []],
    ["diabetes", []],
    ["digits_multilabel", []],
    ["diabetes", ["--set", "data.target=[progression, bmi]", "--set", "model.layers.2.units=2", "-o", "diabetes2"]],
    ["iris", ["--set", "data.missing=drop", "-o", "iris_drop"]],
  ] as [string, string[]][]) {
    const config = path.join(root, "configs", `${name}.yaml`);
    const r = mltrain(["fit", config, "--set", "training.epochs=5", "--verbose", "0", "-o", name, ...extra], cwd);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  }
}, 120_000);

describe("mltrain predict: columns and values per task", () => {
  it("multiclass (iris): row, prediction, p_<class>; one row per data row, numbered 1..150; probabilities sum to 1 (1e-6); prediction = argmax", () => {
    const r = mltrain(["predict", "iris/model.json", dataset("iris")], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const t = parse(r.stdout);
    expect(t.header).toEqual(["row", "prediction", "p_setosa", "p_versicolor", "p_virginica"]);
    expect(t.rows).toHaveLength(150);
    expect(column(t, "row")).toEqual(Array.from({ length: 150 }, (_, i) => String(i + 1)));
    const labels = ["setosa", "versicolor", "virginica"];
    for (const row of t.rows) {
      const p = row.slice(2).map(Number);
      // each value is a float32 softmax output written exactly: the sum is 1 within float32 rounding
      expect(Math.abs(p[0] + p[1] + p[2] - 1)).toBeLessThan(1e-6);
      expect(row[1]).toBe(labels[p.indexOf(Math.max(...p))]);
    }
  });

  it("writes probabilities with the fewest digits that identify their float32 (no 17-digit doubles); the labels agree with eval's confusion matrix", () => {
    const r = mltrain(["predict", "iris/model.json", dataset("iris")], cwd);
    const values = parse(r.stdout).rows.flatMap((row) => row.slice(2));
    const digits = (v: string) => v.replace(/e.*$/, "").replace(/^[-0.]*|\./g, "").replace(/0+$/, "").length;
    for (const v of values) {
      const f = Math.fround(Number(v));
      const n = digits(v);
      expect(n).toBeLessThanOrEqual(9); // 9 significant digits always suffice for a float32
      // shortest: one digit fewer reads back as another float32 (the exact round trip is unit-tested)
      if (n > 1) expect(Math.fround(Number(f.toPrecision(n - 1)))).not.toBe(f);
    }
    expect(values.some((v) => digits(v) > 6)).toBe(true); // not merely rounded to 6 digits
    // and the predictions agree with eval: the confusion matrix rebuilt from predict's labels is eval's
    const t = parse(r.stdout);
    const truth = parse(readFileSync(dataset("iris"), "utf8"));
    const labels = ["setosa", "versicolor", "virginica"];
    const counts = labels.map(() => labels.map(() => 0));
    column(t, "prediction").forEach((p, i) => counts[labels.indexOf(column(truth, "species")[i])][labels.indexOf(p)]++);
    const e = JSON.parse(mltrain(["eval", "iris/model.json", dataset("iris"), "--json"], cwd).stdout);
    expect(e.metrics.confusion_matrix.counts).toEqual(counts);
  });

  it("binary (breast_cancer): p_<negative>, p_<positive> summing to 1 (1e-6); the positive class when p > 0.5", () => {
    const r = mltrain(["predict", "breast_cancer/model.json", dataset("breast_cancer")], cwd);
    expect(r.code).toBe(0);
    const t = parse(r.stdout);
    expect(t.header).toEqual(["row", "prediction", "p_benign", "p_malignant"]);
    expect(t.rows).toHaveLength(569);
    for (const [, label, pb, pm] of t.rows) {
      expect(Math.abs(Number(pb) + Number(pm) - 1)).toBeLessThan(1e-6);
      expect(label).toBe(Number(pm) > 0.5 ? "malignant" : "benign");
    }
  });

  it("multilabel (digits_multilabel): a 0/1 prediction_<label> (p > 0.5) and a p_<label> per label", () => {
    const r = mltrain(["predict", "digits_multilabel/model.json", dataset("digits_multilabel")], cwd);
    expect(r.code).toBe(0);
    const t = parse(r.stdout);
    expect(t.header).toEqual(["row", "prediction_even", "prediction_prime", "prediction_large", "p_even", "p_prime", "p_large"]);
    expect(t.rows).toHaveLength(1797);
    for (const row of t.rows) {
      for (let l = 0; l < 3; l++) expect(row[1 + l]).toBe(Number(row[4 + l]) > 0.5 ? "1" : "0");
    }
  });

  it("regression (diabetes): one `prediction` column; its MSE against the file's target is eval's mse (rel 1e-6)", () => {
    const r = mltrain(["predict", "diabetes/model.json", dataset("diabetes")], cwd);
    expect(r.code).toBe(0);
    const t = parse(r.stdout);
    expect(t.header).toEqual(["row", "prediction"]);
    const y = column(parse(readFileSync(dataset("diabetes"), "utf8")), "progression").map(Number);
    const mse = column(t, "prediction").reduce((s, p, i) => s + (Number(p) - y[i]) ** 2, 0) / y.length;
    const e = JSON.parse(mltrain(["eval", "diabetes/model.json", dataset("diabetes"), "--json"], cwd).stdout);
    expect(Math.abs(mse - e.metrics.mse) / e.metrics.mse).toBeLessThan(1e-6);
  });

  it("regression with two targets: prediction_<target> per target", () => {
    const r = mltrain(["predict", "diabetes2/model.json", dataset("diabetes")], cwd);
    expect(r.code).toBe(0);
    const t = parse(r.stdout);
    expect(t.header).toEqual(["row", "prediction_progression", "prediction_bmi"]);
    expect(t.rows).toHaveLength(442);
  });
});

describe("fit's predictions.csv (regression runs)", () => {
  it("is what `mltrain predict MODEL DATA --keep TARGET` writes for the test rows: same header, same lines; metrics.json names the split", () => {
    const fitCsv = readFileSync(path.join(cwd, "diabetes", "predictions.csv"), "utf8");
    expect(fitCsv.startsWith("progression,row,prediction\n")).toBe(true); // the header is the first line: no comment
    const r = mltrain(["predict", "diabetes/model.json", dataset("diabetes"), "--keep", "progression"], cwd);
    expect(r.code).toBe(0);
    const [head, ...lines] = r.stdout.trimEnd().split("\n");
    const [fitHead, ...fitLines] = fitCsv.trimEnd().split("\n");
    expect(fitHead).toBe(head);
    const byRow = new Map(lines.map((l) => [l.split(",")[1], l]));
    expect(fitLines.map((l) => byRow.get(l.split(",")[1]))).toEqual(fitLines);
    const report = JSON.parse(readFileSync(path.join(cwd, "diabetes", "metrics.json"), "utf8"));
    expect(report.predictions).toEqual({ file: "predictions.csv", split: "test", rows: report.data.rows.test });
    expect(fitLines).toHaveLength(report.data.rows.test);
  });

  it("two targets: the targets kept first, then row and prediction_<target>, as predict --keep writes; true values are the CSV's as float32", () => {
    const t = parse(readFileSync(path.join(cwd, "diabetes2", "predictions.csv"), "utf8"));
    const p = parse(mltrain(["predict", "diabetes2/model.json", dataset("diabetes"), "--keep", "progression,bmi"], cwd).stdout);
    expect(t.header).toEqual(p.header);
    expect(t.header).toEqual(["progression", "bmi", "row", "prediction_progression", "prediction_bmi"]);
    const data = parse(readFileSync(dataset("diabetes"), "utf8"));
    for (const row of t.rows) {
      const i = Number(row[2]) - 1;
      expect(row.slice(3)).toEqual(p.rows[i].slice(3));
      expect(row.slice(0, 2).map((v) => Math.fround(Number(v)))).toEqual(["progression", "bmi"].map((c) => Math.fround(Number(column(data, c)[i]))));
    }
  });

  it("the report draws its scatter plot from it, titled with metrics.json's split", () => {
    const r = mltrain(["report", "diabetes", "-o", "diabetes.html"], cwd);
    expect(r.code).toBe(0);
    const rows = JSON.parse(readFileSync(path.join(cwd, "diabetes", "metrics.json"), "utf8")).data.rows.test;
    expect(readFileSync(path.join(cwd, "diabetes.html"), "utf8")).toContain(`Predicted vs true progression (test split, ${rows} rows)`);
  });

  it("classification runs write none, and metrics.json says so", () => {
    expect(readdirSync(path.join(cwd, "iris"))).not.toContain("predictions.csv");
    expect(JSON.parse(readFileSync(path.join(cwd, "iris", "metrics.json"), "utf8")).predictions).toBeNull();
  });
});

describe("mltrain predict: input and output", () => {
  it("works on a CSV without the target column and gives the same predictions as with it", () => {
    const lines = readFileSync(dataset("iris"), "utf8").trimEnd().split("\n");
    writeFileSync(path.join(cwd, "iris_features.csv"), lines.map((l) => l.split(",").slice(0, 4).join(",")).join("\n") + "\n");
    const without = mltrain(["predict", "iris/model.json", "iris_features.csv"], cwd);
    expect(without.code).toBe(0);
    expect(without.stdout).toBe(mltrain(["predict", "iris/model.json", dataset("iris")], cwd).stdout);
  });

  it("matches columns by name: reordered columns with an extra one give the same predictions", () => {
    const lines = readFileSync(dataset("iris"), "utf8").trimEnd().split("\n");
    const shuffled = lines.map((l, i) => {
      const c = l.split(",");
      return [i === 0 ? "note" : "x", c[3], c[4], c[1], c[0], c[2]].join(",");
    });
    writeFileSync(path.join(cwd, "iris_reordered.csv"), shuffled.join("\n") + "\n");
    const r = mltrain(["predict", "iris/model.json", "iris_reordered.csv"], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(mltrain(["predict", "iris/model.json", dataset("iris")], cwd).stdout);
  });

  it("--keep copies identifying columns first, quoted as CSV needs", () => {
    const lines = readFileSync(dataset("iris"), "utf8").trimEnd().split("\n");
    const withIds = lines.map((l, i) => (i === 0 ? `id,"name",${l}` : `f${i},"flower ${i}, ""nice""",${l}`));
    writeFileSync(path.join(cwd, "iris_ids.csv"), withIds.slice(0, 4).join("\n") + "\n");
    const r = mltrain(["predict", "iris/model.json", "iris_ids.csv", "--keep", "id,name"], cwd);
    expect(r.code).toBe(0);
    const out = r.stdout.split("\n");
    expect(out[0]).toBe("id,name,row,prediction,p_setosa,p_versicolor,p_virginica");
    expect(out.slice(1, 4).map((l) => l.replace(/,[^,"]+,[^,"]+,[^,"]+,[^,"]+$/, ""))).toEqual([
      'f1,"flower 1, ""nice""",1',
      'f2,"flower 2, ""nice""",2',
      'f3,"flower 3, ""nice""",3',
    ]);
    expect(out).toHaveLength(5); // header, 3 rows, final newline
  });

  it("`row` is the input file's data row: a row dropped for a missing feature (missing: drop) keeps its line, with empty predictions", () => {
    const lines = readFileSync(dataset("iris"), "utf8").trimEnd().split("\n").slice(0, 6);
    lines[2] = lines[2].replace(/^[^,]+/, "NA"); // data row 2
    writeFileSync(path.join(cwd, "iris_gap.csv"), lines.join("\n") + "\n");
    const r = mltrain(["predict", "iris_drop/model.json", "iris_gap.csv"], cwd);
    expect(r.code).toBe(0);
    const t = parse(r.stdout);
    expect(column(t, "row")).toEqual(["1", "2", "3", "4", "5"]);
    expect(t.rows[1]).toEqual(["2", "", "", "", ""]);
  });

  it("-o FILE writes the same CSV as stdout (and prints nothing); an existing file is replaced", () => {
    const stdout = mltrain(["predict", "iris/model.json", dataset("iris")], cwd).stdout;
    writeFileSync(path.join(cwd, "pred.csv"), "old\n");
    const r = mltrain(["predict", "iris/model.json", dataset("iris"), "-o", "pred.csv"], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("");
    expect(readFileSync(path.join(cwd, "pred.csv"), "utf8")).toBe(stdout);
    expect(readdirSync(cwd).filter((f) => f.includes("pred.csv"))).toEqual(["pred.csv"]); // no temp file left
  });
});
