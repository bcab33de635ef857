// `mltrain eval` end to end: fit a shipped config briefly (child process, temp dir), then eval the saved
// model on a CSV holding exactly the test split's rows; the eval report must carry the same metrics as
// the run's metrics.json evaluation.test. The test split's rows come from the data module (Table.rowIds
// of loadData with the config's seed), the same call fit makes. Needs dist/ (npm run build first).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { loadData } from "../../src/data/index.js";
import { mltrain, root, tmp as tmpDir } from "./cli.js";

const tmp = () => tmpDir("eval");

/** Fit `configs/NAME.yaml` for 5 epochs into cwd/run; return the CSV of exactly its test rows (split order). */
async function fitAndTestSplit(name: string, cwd: string): Promise<string> {
  const config = path.join(root, "configs", `${name}.yaml`);
  const r = mltrain(["fit", config, "--set", "training.epochs=5", "--verbose", "0", "-o", "run"], cwd);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const loaded = await loadConfig(config);
  const data = await loadData(loaded.config.data, { baseDir: loaded.dir, seed: loaded.config.seed });
  const lines = readFileSync(path.resolve(loaded.dir, loaded.config.data.path!), "utf8").trimEnd().split(/\r?\n/);
  const csv = [lines[0], ...Array.from(data.test!.rowIds, (id) => lines[id])].join("\n") + "\n";
  writeFileSync(path.join(cwd, "test_split.csv"), csv);
  return csv;
}

describe("mltrain eval on the test split reproduces fit's evaluation.test", () => {
  it.each([
    ["iris", "multiclass", 21],
    ["breast_cancer", "binary", 85],
    ["diabetes", "regression", 66],
    ["digits_multilabel", "multilabel", 268],
  ])("%s (%s): the report's metrics equal metrics.json's evaluation.test exactly", async (name, task, testRows) => {
    const cwd = tmp();
    await fitAndTestSplit(name, cwd);
    const run = JSON.parse(readFileSync(path.join(cwd, "run", "metrics.json"), "utf8"));
    expect(run.data.rows.test).toBe(testRows);

    const r = mltrain(["eval", "run/model.json", "test_split.csv", "--report", "eval.json"], cwd);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(cwd, "eval.json"), "utf8"));
    const thresholded = task === "binary" || task === "multilabel" ? ["thresholds"] : [];
    expect(Object.keys(report)).toEqual(["format", "version", "model", "data", "rows", "skipped_rows", "task", "metrics", ...thresholded]);
    expect(report).toMatchObject({ format: "mltrain-eval", version: 1, model: "run/model.json", data: "test_split.csv", rows: testRows, task });
    // Same rows in the same order, same float32 weights (model.json round-trips them), same scoring code:
    // no tolerance needed.
    expect(report.metrics).toEqual(run.evaluation.test);

    expect(r.stdout.split("\n").slice(0, 3)).toEqual([
      `Model: run/model.json (${name}, ${task})`,
      `Data:  test_split.csv (${testRows} rows)`,
      "",
    ]);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("Wrote: eval.json");
  });
});

describe("mltrain eval output", () => {
  it("--json prints exactly the report object as one line on stdout, nothing on stderr, and writes no file", async () => {
    const cwd = tmp();
    await fitAndTestSplit("iris", cwd);
    const r = mltrain(["eval", "run/model.json", "test_split.csv", "--json"], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout.endsWith("\n")).toBe(true);
    expect(r.stdout.trimEnd().split("\n")).toHaveLength(1);
    expect(readdirSync(cwd).sort()).toEqual(["run", "test_split.csv"]);
    const obj = JSON.parse(r.stdout);
    const run = JSON.parse(readFileSync(path.join(cwd, "run", "metrics.json"), "utf8"));
    expect(obj).toMatchObject({ format: "mltrain-eval", rows: 21, task: "multiclass" });
    expect(obj.metrics).toEqual(run.evaluation.test);

    const both = mltrain(["eval", "run/model.json", "test_split.csv", "--json", "--report", "r.json"], cwd);
    expect(both.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(cwd, "r.json"), "utf8"))).toEqual(JSON.parse(both.stdout));
  });

  it("prints the classification report, headline numbers and confusion matrix (numbers masked)", async () => {
    const cwd = tmp();
    await fitAndTestSplit("iris", cwd);
    const r = mltrain(["eval", "run/model.json", "test_split.csv"], cwd);
    expect(r.code).toBe(0);
    const masked = r.stdout.replace(/\d\.\d{4}/g, "N.NNNN").replace(/^( +\S+)((?: +\d+){3})$/gm, (_, l: string, n: string) => l + n.replace(/\d+/g, (d) => "#".padStart(d.length)));
    expect(masked).toMatchInlineSnapshot(`
      "Model: run/model.json (iris, multiclass)
      Data:  test_split.csv (21 rows)

                    precision    recall  f1-score   support

            setosa     N.NNNN    N.NNNN    N.NNNN         7
        versicolor     N.NNNN    N.NNNN    N.NNNN         7
         virginica     N.NNNN    N.NNNN    N.NNNN         7

          accuracy                         N.NNNN        21
         macro avg     N.NNNN    N.NNNN    N.NNNN        21
      weighted avg     N.NNNN    N.NNNN    N.NNNN        21

      loss (log_loss)    N.NNNN
      accuracy           N.NNNN
      balanced_accuracy  N.NNNN
      roc_auc            N.NNNN (one-vs-rest macro), N.NNNN (weighted)

      Confusion matrix (rows: true class, columns: predicted)
      true \\ pred  setosa  versicolor  virginica
           setosa       #           #          #
       versicolor       #           #          #
        virginica       #           #          #
      "
    `);
  });
});
