// training.class_weight end to end: the balanced weights from the train split, the log line that says
// which losses are weighted, metrics.json's record of them, and the config errors at their YAML lines.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mltrain, root, tmp } from "./cli.js";

const breast = path.join(root, "configs", "breast_cancer.yaml");
const noSeconds = (csv: string) => {
  const [head, ...rows] = csv.trimEnd().split("\n");
  const i = head.split(",").indexOf("seconds");
  return [head, ...rows].map((r) => r.split(",").filter((_, j) => j !== i).join(",")).join("\n");
};

/** The labels of datasets/breast_cancer.csv's diagnosis column, counted here from the file. */
function diagnosisCounts(): Record<string, number> {
  const [head, ...rows] = readFileSync(path.join(root, "datasets", "breast_cancer.csv"), "utf8").trim().split("\n");
  const col = head.split(",").indexOf("diagnosis");
  const counts: Record<string, number> = {};
  for (const r of rows) {
    const label = r.split(",")[col];
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}

describe("mltrain fit with training.class_weight", () => {
  it("balanced on breast_cancer (every row in train): n / (2 · count) per class, said above the epochs and kept in metrics.json", () => {
    const dir = tmp("cw");
    const args = ["--set", "training.class_weight=balanced", "--set", "training.epochs=2", "--set", "data.split={train: 1, validation: 0, test: 0}", "--set", "training.early_stopping=null"];
    const r = mltrain(["fit", breast, ...args, "-o", "run"], dir);
    expect(r.code).toBe(0);
    const counts = diagnosisCounts();
    const n = counts.benign + counts.malignant;
    expect(n).toBe(569);
    const want = { benign: n / (2 * counts.benign), malignant: n / (2 * counts.malignant) };
    const report = JSON.parse(readFileSync(path.join(dir, "run", "metrics.json"), "utf8"));
    expect(report.training.class_weight.benign).toBeCloseTo(want.benign, 12);
    expect(report.training.class_weight.malignant).toBeCloseTo(want.malignant, 12);
    expect(r.stdout.split("\n")[0]).toBe(
      `Class weights (balanced, from the train split): benign ${Number(want.benign.toPrecision(4))}, malignant ${Number(want.malignant.toPrecision(4))}; loss is weighted by them, val_loss and the Test loss are not`,
    );
    expect(r.stdout.split("\n")[1]).toBe("Epoch 1/2");
  });

  it("weights of 1 for every label train exactly as no class_weight (history and weights byte for byte); balanced changes the losses", () => {
    const dir = tmp("cw");
    const base = ["fit", breast, "--set", "training.epochs=3"];
    expect(mltrain([...base, "-o", "plain"], dir).code).toBe(0);
    expect(mltrain([...base, "--set", "training.class_weight={benign: 1, malignant: 1}", "-o", "ones"], dir).code).toBe(0);
    expect(mltrain([...base, "--set", "training.class_weight=balanced", "-o", "balanced"], dir).code).toBe(0);
    const history = (run: string) => noSeconds(readFileSync(path.join(dir, run, "history.csv"), "utf8"));
    expect(history("ones")).toBe(history("plain"));
    // model.json's config differs (it holds class_weight); its weights do not
    const layers = (run: string) => JSON.stringify(JSON.parse(readFileSync(path.join(dir, run, "model.json"), "utf8")).layers);
    expect(layers("ones")).toBe(layers("plain"));
    expect(history("balanced")).not.toBe(history("plain"));
  });

  it("an unknown label: the key's file:line:col, the data's labels and did-you-mean; exit 2, nothing written", () => {
    const dir = tmp("cw");
    const yaml = readFileSync(breast, "utf8").replace("../datasets/", path.join(root, "datasets") + "/").replace("  epochs: 60\n", "  epochs: 60\n  class_weight: { benign: 1, malignent: 3 }\n");
    writeFileSync(path.join(dir, "bc.yaml"), yaml);
    const r = mltrain(["fit", "bc.yaml", "-o", "run"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "bc.yaml:24:41: training.class_weight.malignent: unknown label "malignent"; the data's labels are benign, malignant; did you mean "malignant"?
      mltrain: bc.yaml: the config does not fit the data's binary task (1 problem); nothing was run
      "
    `);
    expect(() => readFileSync(path.join(dir, "run", "model.json"))).toThrow();
  });

  it("a regression or multilabel config: refused at the key's line by validate (exit 2)", () => {
    const dir = tmp("cw");
    for (const name of ["diabetes", "digits_multilabel"]) {
      const yaml = readFileSync(path.join(root, "configs", `${name}.yaml`), "utf8").replace("../datasets/", path.join(root, "datasets") + "/").replace(/^training:\n/m, "training:\n  class_weight: balanced\n");
      writeFileSync(path.join(dir, `${name}.yaml`), yaml);
    }
    const a = mltrain(["validate", "diabetes.yaml"], dir);
    const b = mltrain(["validate", "digits_multilabel.yaml"], dir);
    expect([a.code, b.code]).toEqual([2, 2]);
    expect(a.stderr + b.stderr).toMatchInlineSnapshot(`
      "diabetes.yaml:24:17: training.class_weight: class weights apply to binary and multiclass tasks (one class per row); a regression target has no classes: remove training.class_weight for this regression task
      mltrain: diabetes.yaml: invalid config (1 problem); nothing was run
      digits_multilabel.yaml:22:17: training.class_weight: class weights apply to binary and multiclass tasks (one class per row); a multilabel row has several labels at once: remove training.class_weight for this multilabel task
      mltrain: digits_multilabel.yaml: invalid config (1 problem); nothing was run
      "
    `);
  });
});
