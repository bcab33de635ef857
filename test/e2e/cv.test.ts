// `mltrain cv` end to end (bin/mltrain.js spawned, not a TTY; needs dist/): the table of every fold's
// validation scores with mean and std, cv.json, the fold run folders (each a run that eval --split and
// report read), the test split set aside, exit codes, Ctrl-C, bad input.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mltrain, mltrainInterrupted, root, tmp } from "./cli.js";

const config = (name: string) => path.join(root, "configs", `${name}.yaml`);
const json = (file: string) => JSON.parse(readFileSync(file, "utf8"));
const files = (dir: string) => readdirSync(dir).sort();

/** Messages with the repository's path (absolute, or relative to `cwd`) as ROOT. */
const masked = (s: string, cwd: string) => s.replaceAll(path.relative(cwd, root), "ROOT").replaceAll(root, "ROOT");

interface CvJson {
  folds: number;
  repeats: number;
  seed: number;
  stratified: boolean;
  data: { rows: number[]; test_rows: number; sha256: string };
  metrics: string[];
  runs: { repeat: number; fold: number; dir: string; status: string; rows: { train: number; validation: number }; validation: Record<string, number>; validation_rows: number[] }[];
  mean: Record<string, number>;
  std: Record<string, number>;
}

describe("mltrain cv on iris (stratified, 3 folds)", () => {
  const cwd = tmp("cv");
  let run: ReturnType<typeof mltrain>;
  beforeAll(() => {
    run = mltrain(["cv", config("iris"), "--folds", "3", "--set", "training.epochs=4", "-o", "runs/iris-cv"], cwd);
  }, 60_000);

  it("prints one line per fold, the table with mean and std, the files; exit 0", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchInlineSnapshot(`
      "Cross-validation of "iris": 3 folds, stratified, shuffled (seed 42), over the 129 train + validation rows; the 21 test rows are set aside
      Fold 1/3: 86 train / 43 validation rows, 4 epochs - loss (log_loss): 0.3996 - accuracy: 0.8140
      Fold 2/3: 86 train / 43 validation rows, 4 epochs - loss (log_loss): 0.3373 - accuracy: 0.9302
      Fold 3/3: 86 train / 43 validation rows, 4 epochs - loss (log_loss): 0.2802 - accuracy: 0.9535

      fold  epochs  loss (log_loss)  accuracy
         1       4           0.3996    0.8140
         2       4           0.3373    0.9302
         3       4           0.2802    0.9535
      mean                   0.3390    0.8992
      std                    0.0488    0.0610

      loss (log_loss): 0.3390 ± 0.0488 - accuracy: 0.8992 ± 0.0610 (mean ± std over 3 folds; std is the population std, ddof=0, as numpy's scores.std())
      Wrote:
        runs/iris-cv/cv.json
        runs/iris-cv/fold-1/
        runs/iris-cv/fold-2/
        runs/iris-cv/fold-3/
      "
    `);
  });

  it("cv.json: every train + validation row in exactly one fold's validation rows, none of the test split; mean and population std of the folds", () => {
    const cv = json(path.join(cwd, "runs", "iris-cv", "cv.json")) as CvJson;
    expect(files(path.join(cwd, "runs", "iris-cv"))).toEqual(["cv.json", "fold-1", "fold-2", "fold-3"]);
    expect([cv.folds, cv.repeats, cv.seed, cv.stratified]).toEqual([3, 1, 42, true]);
    expect(cv.data.rows).toHaveLength(129);
    expect(cv.data.test_rows).toBe(21);
    const validation = cv.runs.flatMap((r) => r.validation_rows).sort((a, b) => a - b);
    expect(validation).toEqual(cv.data.rows);
    // the test rows of a plain fit of the same config (same seed, same split) are in no fold
    expect(mltrain(["fit", config("iris"), "--set", "training.epochs=1", "-o", "fit", "--verbose", "0"], cwd).code).toBe(0);
    const test: number[] = json(path.join(cwd, "fit", "metrics.json")).data.split[0].test;
    expect(test).toHaveLength(21);
    expect(cv.data.rows.filter((r) => test.includes(r))).toEqual([]);
    for (const k of cv.metrics) {
      const xs = cv.runs.map((r) => r.validation[k]);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(cv.mean[k]).toBeCloseTo(mean, 12);
      expect(cv.std[k]).toBeCloseTo(Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length), 12);
    }
  });

  it("each fold is a run folder whose split is the fold's rows (no test rows); eval --split validation gives the fold's scores", () => {
    const cv = json(path.join(cwd, "runs", "iris-cv", "cv.json")) as CvJson;
    for (const r of cv.runs) {
      const dir = path.join(cwd, "runs", "iris-cv", r.dir);
      expect(files(dir)).toEqual(["checkpoint.json", "config.yaml", "history.csv", "metrics.json", "model.json"]);
      const m = json(path.join(dir, "metrics.json"));
      expect(m.data.rows).toEqual({ ...r.rows, test: 0 });
      expect(m.data.split[0].validation).toEqual(r.validation_rows);
      expect(m.data.split[0].test).toEqual([]);
      expect(m.evaluation.test).toBeNull();
      expect([...m.data.split[0].train, ...r.validation_rows].sort((a: number, b: number) => a - b)).toEqual(cv.data.rows);
    }
    const e = mltrain(["eval", "runs/iris-cv/fold-2/model.json", path.join(root, "datasets", "iris.csv"), "--split", "validation", "--json"], cwd);
    expect(e.code).toBe(0);
    const report = JSON.parse(e.stdout);
    expect(report.metrics.accuracy).toBe(cv.runs[1].validation.accuracy);
    expect(report.metrics.loss).toBe(cv.runs[1].validation.loss);
  });

  it("mltrain report CV_DIR draws every fold's curves overlaid under the mean ± std of their scores, into CV_DIR/report.html", () => {
    const r = mltrain(["report", "runs/iris-cv"], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Wrote ${path.join("runs", "iris-cv", "report.html")}\n`);
    const html = readFileSync(path.join(cwd, "runs", "iris-cv", "report.html"), "utf8");
    for (const f of [1, 2, 3]) {
      expect(html).toContain(`data-series="iris/fold-${f} train"`);
      expect(html).toContain(`data-series="iris/fold-${f} validation"`);
    }
    expect(html).toContain("<h1>Cross-validation of iris: 3 folds</h1>");
    expect(html).toContain("<th>loss (validation)</th>");
    // the summary: mean and std of every score, as cv.json has them (4 significant digits)
    const cv = json(path.join(cwd, "runs", "iris-cv", "cv.json")) as CvJson;
    const four = (v: number) => String(Number(v.toPrecision(4)));
    expect(html).toContain(`<tr><td>mean</td><td>${four(cv.mean.loss)}</td><td>${four(cv.mean.accuracy)}</td></tr><tr><td>std</td><td>${four(cv.std.loss)}</td><td>${four(cv.std.accuracy)}</td></tr>`);
    // the folds given one by one are compared as runs, without the summary
    expect(mltrain(["report", "runs/iris-cv/fold-1", "runs/iris-cv/fold-2", "-o", "two.html"], cwd).code).toBe(0);
    const two = readFileSync(path.join(cwd, "two.html"), "utf8");
    expect(two).toContain("<h1>Comparison of 2 runs</h1>");
    expect(two).not.toContain("<h2>Cross-validation</h2>");
  });

  it("--parallel 2 (folds in two child processes) gives the same cv.json, models, checkpoints and histories (but their seconds), byte for byte", () => {
    const r = mltrain(["cv", config("iris"), "--folds", "3", "--set", "training.epochs=4", "-o", "par", "--parallel", "2", "--json"], cwd);
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(events.filter((e) => e.event === "fold_start")).toHaveLength(3);
    expect(events.filter((e) => e.event === "epoch_end")).toHaveLength(12);
    const noSeconds = (csv: string) => csv.split("\n").map((l) => l.split(",").filter((_, j) => j !== csv.split("\n")[0].split(",").indexOf("seconds")).join(",")).join("\n");
    const seq = path.join(cwd, "runs", "iris-cv");
    const par = path.join(cwd, "par");
    expect(readFileSync(path.join(par, "cv.json"), "utf8")).toBe(readFileSync(path.join(seq, "cv.json"), "utf8"));
    for (const f of ["fold-1", "fold-2", "fold-3"]) {
      const read = (dir: string, file: string) => readFileSync(path.join(dir, f, file), "utf8").replace(/"seconds": [\d.e-]+/g, '"seconds": X');
      for (const file of ["model.json", "config.yaml", "checkpoint.json"]) expect(read(par, file), `${f}/${file}`).toBe(read(seq, file));
      expect(noSeconds(readFileSync(path.join(par, f, "history.csv"), "utf8"))).toBe(noSeconds(readFileSync(path.join(seq, f, "history.csv"), "utf8")));
    }
  });

  it("the same command again gives the same cv.json and models, byte for byte", () => {
    const again = tmp("cv");
    expect(mltrain(["cv", config("iris"), "--folds", "3", "--set", "training.epochs=4", "-o", "runs/iris-cv", "--verbose", "0"], again).code).toBe(0);
    for (const f of ["cv.json", "fold-1/model.json", "fold-3/model.json"]) {
      expect(readFileSync(path.join(again, "runs", "iris-cv", f), "utf8"), f).toBe(readFileSync(path.join(cwd, "runs", "iris-cv", f), "utf8"));
    }
  });
});

describe("mltrain cv: repeats, --json, regression", () => {
  it("wine, --repeats 2 --json: JSON lines on stdout (cv_start, fold_start, epoch_end, fold_end, done), r1-fold-1 ... r2-fold-3, the repeats differ", () => {
    const cwd = tmp("cv");
    const r = mltrain(["cv", config("wine"), "--folds", "3", "--repeats", "2", "--set", "training.epochs=2", "--json"], cwd);
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    const types = events.map((e) => e.event);
    expect(types[0]).toBe("cv_start");
    expect(types.at(-1)).toBe("done");
    expect(types.filter((t) => t === "fold_end")).toHaveLength(6);
    expect(types.filter((t) => t === "epoch_end")).toHaveLength(12);
    expect(events.find((e) => e.event === "epoch_end")).toMatchObject({ repeat: 1, fold: 1, epoch: 1, restart: 1 });
    expect(r.stderr).toContain("Repeat 2/2, fold 3/3: ");
    const dir = path.join(cwd, "runs", "wine-cv");
    expect(files(dir)).toEqual(["cv.json", "r1-fold-1", "r1-fold-2", "r1-fold-3", "r2-fold-1", "r2-fold-2", "r2-fold-3"]);
    const cv = json(path.join(dir, "cv.json")) as CvJson;
    expect(events.at(-1)).toMatchObject({ status: "completed", mean: cv.mean, std: cv.std });
    for (const repeat of [1, 2]) {
      const rows = cv.runs.filter((x) => x.repeat === repeat).flatMap((x) => x.validation_rows).sort((a, b) => a - b);
      expect(rows).toEqual(cv.data.rows);
    }
    expect(cv.runs[0].validation_rows).not.toEqual(cv.runs[3].validation_rows);
  });

  it("diabetes (regression): plain k-fold, scored by mse and the config's metrics", () => {
    const cwd = tmp("cv");
    const r = mltrain(["cv", config("diabetes"), "--folds", "4", "--set", "training.epochs=2"], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe('Cross-validation of "diabetes": 4 folds, not stratified, shuffled (seed 42), over the 376 train + validation rows; the 66 test rows are set aside');
    expect(r.stdout).toMatch(/^fold  epochs  loss \(mse\) +mae +r2$/m);
    const cv = json(path.join(cwd, "runs", "diabetes-cv", "cv.json")) as CvJson;
    expect(cv.runs.map((x) => x.rows.validation)).toEqual([94, 94, 94, 94]);
  });
});

describe("mltrain cv: Ctrl-C and bad input", () => {
  it("Ctrl-C stops the running fold at its next batch: exit 130, the folds so far in DIR.partial, an earlier DIR as it was", async () => {
    const cwd = tmp("cv");
    expect(mltrain(["cv", config("iris"), "--folds", "2", "--set", "training.epochs=1", "-o", "out", "--verbose", "0"], cwd).code).toBe(0);
    const before = readFileSync(path.join(cwd, "out", "cv.json"), "utf8");
    const r = await mltrainInterrupted(["cv", config("iris"), "--folds", "3", "--set", "training.epochs=300", "-o", "out", "--verbose", "2"], cwd, "Fold 2/3, epoch 1/");
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/^mltrain: interrupted in fold 2\/3 \(1 of 3 folds completed\): the folds so far and cv\.json are in out\.partial \(out is as it was\); run the same command again to start over\n$/);
    expect(readFileSync(path.join(cwd, "out", "cv.json"), "utf8")).toBe(before);
    expect(files(path.join(cwd, "out.partial"))).toEqual(["cv.json", "fold-1", "fold-2.partial"]);
    const cv = json(path.join(cwd, "out.partial", "cv.json"));
    expect(cv.status).toBe("interrupted");
    expect(cv.runs.map((x: { status: string }) => x.status)).toEqual(["completed", "interrupted"]);
    expect(json(path.join(cwd, "out.partial", "fold-2.partial", "metrics.json")).status).toBe("interrupted");
  }, 60_000);

  it("Ctrl-C with --parallel 2 stops both running folds at their next batch and starts no other: exit 130, DIR.partial", async () => {
    const cwd = tmp("cv");
    const r = await mltrainInterrupted(["cv", config("iris"), "--folds", "4", "--parallel", "2", "--set", "training.epochs=300", "-o", "out", "--verbose", "2"], cwd, ", epoch 2/300:");
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/^mltrain: interrupted in fold 1\/4, fold 2\/4 \(0 of 4 folds completed\): the folds so far and cv\.json are in out\.partial; run the same command again to start over\n$/);
    expect(existsSync(path.join(cwd, "out"))).toBe(false);
    expect(files(path.join(cwd, "out.partial"))).toEqual(["cv.json", "fold-1.partial", "fold-2.partial"]);
    const cv = json(path.join(cwd, "out.partial", "cv.json"));
    expect(cv.runs.map((x: { fold: number; status: string }) => [x.fold, x.status])).toEqual([[1, "interrupted"], [2, "interrupted"]]);
  }, 60_000);

  it("a fold that diverges does not stop the others: exit 1 naming the folds, scores and mean n/a, everything in DIR.partial", () => {
    const cwd = tmp("cv");
    const r = mltrain(["cv", config("iris"), "--folds", "2", "--set", "optimizer={type: sgd, learning_rate: 1.0e+6}", "--set", "model.layers.0.activation=relu", "--set", "training.epochs=3", "-o", "div"], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Fold 2/2: 65 train / 64 validation rows, 0 epochs - diverged\n");
    expect(r.stdout).toMatch(/^mean {22}n\/a {7}n\/a$/m);
    expect(r.stderr).toMatchInlineSnapshot(`
      "mltrain: training diverged in fold 1/2, fold 2/2 (the loss became NaN or Inf; the mean and std are n/a): try a lower optimizer.learning_rate or training.clip_norm (\`mltrain fit\` of the config says more); every fold and cv.json are in div.partial
      "
    `);
    expect(existsSync(path.join(cwd, "div"))).toBe(false);
    expect(files(path.join(cwd, "div.partial"))).toEqual(["cv.json", "fold-1.partial", "fold-2.partial"]);
    const cv = json(path.join(cwd, "div.partial", "cv.json"));
    expect([cv.status, cv.mean, cv.runs[0].validation]).toEqual(["diverged", { loss: null, accuracy: null }, null]);
  });

  it("--folds 1, --parallel 0, more folds than the smallest class, a bad --set, repeats of unshuffled folds: exit 2, one message each, nothing written", () => {
    const cwd = tmp("cv");
    const cases = [
      ["--folds", "1"],
      ["--parallel", "0"],
      ["--folds", "44"],
      ["--set", "training.epocs=3"],
      ["--repeats", "2", "--set", "data.split.shuffle=false"],
    ];
    const out = cases.map((extra) => {
      const r = mltrain(["cv", config("iris"), ...extra], cwd);
      expect(r.code, extra.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).not.toMatch(/\n\s+at /);
      return masked(r.stderr, cwd);
    });
    expect(out).toMatchInlineSnapshot(`
      [
        "error: option '--folds <k>' argument '1' is invalid. expected an integer of at least 2 (the K of k-fold)
      (run \`mltrain --help\` or \`mltrain COMMAND --help\` for usage)
      ",
        "error: option '--parallel <n>' argument '0' is invalid. expected an integer of at least 1 (processes)
      (run \`mltrain --help\` or \`mltrain COMMAND --help\` for usage)
      ",
        "ROOT/configs/iris.yaml:10:11: data.target: ROOT/datasets/iris.csv: class "setosa" has 43 rows in the train and validation splits, fewer than the 44 folds (stratified folds give every fold's validation rows of each class); use --folds 43 or fewer
      mltrain: ROOT/configs/iris.yaml: the config does not fit the data (1 problem); nothing was run
      ",
        "--set training.epocs=3: training.epocs: unknown key; did you mean "epochs"?
      mltrain: ROOT/configs/iris.yaml: invalid config (1 problem); nothing was run
      ",
        "--set data.split.shuffle=false: data.split.shuffle: --repeats 2 repeats the same folds: data.split.shuffle is false, so every repeat divides the rows in file order; set data.split.shuffle: true, or leave --repeats out
      mltrain: ROOT/configs/iris.yaml: the config does not fit the data (1 problem); nothing was run
      ",
      ]
    `);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("a cv folder that holds someone else's files is refused (exit 2), untouched", () => {
    const cwd = tmp("cv");
    expect(mltrain(["fit", config("iris"), "--set", "training.epochs=1", "-o", "mine/notes", "--verbose", "0"], cwd).code).toBe(0);
    const r = mltrain(["cv", config("iris"), "--folds", "2", "-o", "mine"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "mltrain: cannot use mine as the run folder: it holds files mltrain cv does not write (notes/), and a run replaces its folder as a whole; choose another -o DIR or move them
      "
    `);
    expect(files(path.join(cwd, "mine"))).toEqual(["notes"]);
    expect(existsSync(path.join(cwd, "mine.partial"))).toBe(false);
  });
});
