// eval/predict --threshold T: binary and multilabel models predict positive when p > T, every
// threshold-dependent metric follows, eval prints (and --report stores) the precision-recall
// trade-off and the F1-maximising threshold; other tasks are refused with exit 2.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mltrain, root, tmp } from "./cli.js";

const breastCsv = path.join(root, "datasets", "breast_cancer.csv");
let dir = "";

beforeAll(() => {
  dir = tmp("threshold");
  for (const [name, out] of [["breast_cancer", "bc"], ["iris", "iris"], ["digits_multilabel", "ml"]]) {
    const r = mltrain(["fit", path.join(root, "configs", `${name}.yaml`), "--set", "training.epochs=3", "-o", out], dir);
    expect(r.code).toBe(0);
  }
}, 60_000);

/** predict's default CSV: each row's p_malignant and its true diagnosis from the data file. */
function probabilities(): { p: number[]; malignant: boolean[] } {
  const csv = mltrain(["predict", "bc/model.json", breastCsv], dir).stdout.trim().split("\n");
  const col = csv[0].split(",").indexOf("p_malignant");
  const [head, ...rows] = readFileSync(breastCsv, "utf8").trim().split("\n");
  const d = head.split(",").indexOf("diagnosis");
  return { p: csv.slice(1).map((l) => Number(l.split(",")[col])), malignant: rows.map((r) => r.split(",")[d] === "malignant") };
}

describe("--threshold on a binary model (breast_cancer)", () => {
  it("predict --threshold 0.3: malignant exactly where p_malignant > 0.3", () => {
    const { p } = probabilities();
    const r = mltrain(["predict", "bc/model.json", breastCsv, "--threshold", "0.3"], dir);
    expect(r.code).toBe(0);
    const labels = r.stdout.trim().split("\n").slice(1).map((l) => l.split(",")[1]);
    expect(labels).toEqual(p.map((v) => (v > 0.3 ? "malignant" : "benign")));
    expect(labels.filter((l, i) => l === "malignant" && p[i] <= 0.5).length).toBeGreaterThan(0); // 0.5 would differ
  });

  it("eval --threshold 0.3 --report: the confusion matrix of p > 0.3, the trade-off at 0.1 … 0.9 and the best f1 stored", () => {
    const { p, malignant } = probabilities();
    const r = mltrain(["eval", "bc/model.json", breastCsv, "--threshold", "0.3", "--report", "r.json"], dir);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, "r.json"), "utf8"));
    const count = (t: boolean, pred: boolean) => p.filter((v, i) => malignant[i] === t && v > 0.3 === pred).length;
    expect(report.metrics.confusion_matrix.counts).toEqual([[count(false, false), count(false, true)], [count(true, false), count(true, true)]]);
    const tp = count(true, true);
    expect(report.metrics.per_class.malignant.precision).toBeCloseTo(tp / (tp + count(false, true)), 12);
    expect(report.thresholds.threshold).toBe(0.3);
    expect(report.thresholds.trade_off.map((s: { threshold: number }) => s.threshold)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(report.thresholds.trade_off[2].recall).toBeCloseTo(tp / (tp + count(true, false)), 12);
    const bestF1 = report.thresholds.best_f1.f1;
    for (const s of report.thresholds.trade_off) expect(s.f1).toBeLessThanOrEqual(bestF1);
    expect(r.stdout).toMatch(/^Threshold 0\.3 \(positive when p > 0\.3\); precision, recall and f1 of the positive class at other thresholds:$/m);
    expect(r.stdout).toMatch(/^  0\.3 {8}\d\.\d{4} {5}\d\.\d{4}  \d\.\d{4}  \(used\)$/m);
    expect(r.stdout).toMatch(/^Best f1 on these rows: \d\.\d{4} at threshold 0?\.\d+ \(precision \d\.\d{4}, recall \d\.\d{4}\)$/m);
  });

  it("without --threshold: 0.5, as before (the same metrics as --threshold 0.5)", () => {
    const a = JSON.parse(mltrain(["eval", "bc/model.json", breastCsv, "--json"], dir).stdout);
    const b = JSON.parse(mltrain(["eval", "bc/model.json", breastCsv, "--json", "--threshold", "0.5"], dir).stdout);
    expect(a.metrics).toEqual(b.metrics);
    expect(a.thresholds.threshold).toBe(0.5);
  });
});

describe("--threshold on other models", () => {
  it("a multilabel model: prediction_LABEL is p > T, and subset accuracy follows", () => {
    const data = path.join(root, "datasets", "digits_multilabel.csv");
    const a = JSON.parse(mltrain(["eval", "ml/model.json", data, "--json", "--threshold", "0.2"], dir).stdout);
    const b = JSON.parse(mltrain(["eval", "ml/model.json", data, "--json"], dir).stdout);
    expect(a.metrics.subset_accuracy).not.toBe(b.metrics.subset_accuracy);
    const csv = mltrain(["predict", "ml/model.json", data, "--threshold", "0.2"], dir).stdout.trim().split("\n");
    const head = csv[0].split(",");
    const pred = head.findIndex((h) => h.startsWith("prediction_"));
    const label = head[pred].slice("prediction_".length);
    const pc = head.indexOf(`p_${label}`);
    for (const line of csv.slice(1, 200)) {
      const cells = line.split(",");
      expect(cells[pred]).toBe(Number(cells[pc]) > 0.2 ? "1" : "0");
    }
  });

  it("a multiclass model, or a threshold outside (0, 1): exit 2, one line, no stack", () => {
    const iris = path.join(root, "datasets", "iris.csv");
    const e = mltrain(["eval", "iris/model.json", iris, "--threshold", "0.3"], dir);
    const p = mltrain(["predict", "iris/model.json", iris, "--threshold", "0.3"], dir);
    const bad = mltrain(["eval", "bc/model.json", breastCsv, "--threshold", "1.5"], dir);
    expect([e.code, p.code, bad.code]).toEqual([2, 2, 2]);
    expect(e.stderr + p.stderr + bad.stderr).toMatchInlineSnapshot(`
      "mltrain: iris/model.json: --threshold applies to binary and multilabel models; this multiclass model has none (it predicts the most probable class, the argmax); leave --threshold out
      mltrain: iris/model.json: --threshold applies to binary and multilabel models; this multiclass model has none (it predicts the most probable class, the argmax); leave --threshold out
      error: option '--threshold <t>' argument '1.5' is invalid. expected a number between 0 and 1 (exclusive), got "1.5"
      (run \`mltrain --help\` or \`mltrain COMMAND --help\` for usage)
      "
    `);
  });
});
