// `eval` and `predict` on rows with a missing cell (--missing error|drop|mean) and on a CSV read from
// standard input (`-`). The expected values come from the same CLI on files without the gaps: drop must
// score exactly the file with those rows deleted; mean must predict as the file with the model's stored
// train means written into the gaps. Needs dist/ (npm run build first).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { mltrain as run, root, tmp } from "./cli.js";

const cwd = tmp("missing");
const mltrain = (args: string[], input?: string | Buffer) => run(args, cwd, input);

const iris = readFileSync(path.join(root, "datasets", "iris.csv"), "utf8").trimEnd().split("\n");
/** iris.csv with data row 2's sepal_length empty and data row 4's petal_width NA. */
const gaps = iris.map((l, i) => (i === 2 ? l.replace(/^[^,]+/, "") : i === 4 ? l.replace(/,[^,]+,([a-z]+)$/, ",NA,$1") : l));
const write = (name: string, lines: string[]) => writeFileSync(path.join(cwd, name), lines.join("\n") + "\n");
const model = () => JSON.parse(readFileSync(path.join(cwd, "run", "model.json"), "utf8"));

beforeAll(() => {
  const r = mltrain(["fit", path.join(root, "configs", "iris.yaml"), "--set", "training.epochs=3", "--verbose", "0", "-o", "run"]);
  expect(r.code).toBe(0);
  write("iris.csv", iris);
  write("gaps.csv", gaps);
  write("gaps_deleted.csv", iris.filter((_, i) => i !== 2 && i !== 4));
}, 60_000);

describe("--missing error (the default for a model trained with data.missing: error)", () => {
  it("eval and predict stop at the first missing cell with its line:col and a hint that names --missing", () => {
    for (const command of ["eval", "predict"]) {
      const r = mltrain([command, "run/model.json", "gaps.csv"]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd()).toMatchInlineSnapshot(`"gaps.csv:3:1: sepal_length: empty cell (a missing value); run with --missing drop (skip such rows) or --missing mean (fill with the model's train mean)"`);
    }
    expect(mltrain(["eval", "run/model.json", "gaps.csv", "--missing", "error"]).code).toBe(2);
  });
  it("an unknown policy is a usage error", () => {
    const r = mltrain(["predict", "run/model.json", "gaps.csv", "--missing", "zero"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toMatchInlineSnapshot(`
      "error: option '--missing <policy>' argument 'zero' is invalid. expected error, drop or mean
      (run \`mltrain --help\` or \`mltrain COMMAND --help\` for usage)"
    `);
  });
});

describe("--missing drop", () => {
  it("eval leaves the rows out, says how many, and scores exactly the file without them", () => {
    const r = mltrain(["eval", "run/model.json", "gaps.csv", "--missing", "drop"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[1]).toMatchInlineSnapshot(`"Data:  gaps.csv (148 rows; 2 rows with a missing value left out)"`);
    const dropped = JSON.parse(mltrain(["eval", "run/model.json", "gaps.csv", "--missing", "drop", "--json"]).stdout);
    const deleted = JSON.parse(mltrain(["eval", "run/model.json", "gaps_deleted.csv", "--json"]).stdout);
    expect(dropped.rows).toBe(148);
    expect(dropped.skipped_rows).toBe(2);
    expect(deleted.skipped_rows).toBe(0);
    expect(dropped.metrics).toEqual(deleted.metrics);
  });
  it("predict keeps every row's line: the dropped rows have their row number and empty predictions; the others are unchanged", () => {
    const r = mltrain(["predict", "run/model.json", "gaps.csv", "--missing", "drop", "--keep", "species"]);
    expect(r.code).toBe(0);
    expect(r.stderr.trimEnd()).toMatchInlineSnapshot(`"Note: 2 rows with a missing value left out: empty predictions (rows 2, 4)"`);
    const full = mltrain(["predict", "run/model.json", "iris.csv", "--keep", "species"]).stdout.trimEnd().split("\n");
    const out = r.stdout.trimEnd().split("\n");
    expect(out).toHaveLength(151);
    expect(out.slice(0, 5)).toEqual([full[0], full[1], "setosa,2,,,,", full[3], "setosa,4,,,,"]);
    expect(out.filter((_, i) => i !== 2 && i !== 4)).toEqual(full.filter((_, i) => i !== 2 && i !== 4));
  });
  it("a model trained with data.missing: drop drops by default, and --missing error overrides it", () => {
    const fit = mltrain(["fit", path.join(root, "configs", "iris.yaml"), "--set", "training.epochs=1", "--set", "data.missing=drop", "--verbose", "0", "-o", "run_drop"]);
    expect(fit.code).toBe(0);
    const r = mltrain(["predict", "run_drop/model.json", "gaps.csv"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[2]).toBe("2,,,,");
    expect(mltrain(["predict", "run_drop/model.json", "gaps.csv", "--missing", "error"]).code).toBe(2);
  });
});

describe("--missing mean: the train means stored in model.json", () => {
  it("model.json stores each numeric column's train mean (standard scaling: its shift, the same mean)", () => {
    const columns = model().input.preprocessing.columns;
    expect(columns.map((c: { name: string }) => c.name)).toEqual(["sepal_length", "sepal_width", "petal_length", "petal_width"]);
    for (const c of columns) expect(c.mean).toBe(c.shift);
  });
  it("predict fills a gap with the train mean: the same predictions as the mean written into the cell (1e-6)", () => {
    const means = model().input.preprocessing.columns.map((c: { mean: number }) => c.mean);
    const filled = gaps.map((l, i) => (i === 2 ? `${means[0]}${l}` : i === 4 ? l.replace(",NA,", `,${means[3]},`) : l));
    write("filled.csv", filled);
    const r = mltrain(["predict", "run/model.json", "gaps.csv", "--missing", "mean"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const expected = mltrain(["predict", "run/model.json", "filled.csv"]).stdout.trimEnd().split("\n");
    const out = r.stdout.trimEnd().split("\n");
    expect(out).toHaveLength(151);
    expect(out[0]).toBe(expected[0]);
    out.slice(1).forEach((line, i) => {
      const [a, b] = [line.split(","), expected[i + 1].split(",")];
      expect(a.slice(0, 2)).toEqual(b.slice(0, 2));
      a.slice(2).forEach((v, j) => expect(Math.abs(Number(v) - Number(b[j + 2]))).toBeLessThan(1e-6));
    });
  });
  it("a model.json from before the means were stored: standard scaling's shift is used; without it, a usage error", () => {
    const m = model();
    for (const c of m.input.preprocessing.columns) delete c.mean;
    writeFileSync(path.join(cwd, "old.json"), JSON.stringify(m));
    expect(mltrain(["predict", "old.json", "gaps.csv", "--missing", "mean"]).stdout).toBe(mltrain(["predict", "run/model.json", "gaps.csv", "--missing", "mean"]).stdout);
    m.input.preprocessing.normalize = "minmax";
    writeFileSync(path.join(cwd, "old_minmax.json"), JSON.stringify(m));
    const r = mltrain(["eval", "old_minmax.json", "gaps.csv", "--missing", "mean"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toMatchInlineSnapshot(`"old_minmax.json: --missing mean needs the train mean of each numeric feature, and this model (normalize: minmax, written by an older mltrain) does not store "sepal_length"'s; use --missing drop, or train the model again"`);
  });
});

describe("DATA `-` reads the CSV from standard input", () => {
  it("predict MODEL - writes the same CSV as predict MODEL FILE; gzip on stdin is recognised", () => {
    const fromFile = mltrain(["predict", "run/model.json", "iris.csv"]);
    const r = mltrain(["predict", "run/model.json", "-"], iris.join("\n") + "\n");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(fromFile.stdout);
    expect(mltrain(["predict", "run/model.json", "-"], gzipSync(iris.join("\n") + "\n")).stdout).toBe(fromFile.stdout);
  });
  it("eval MODEL - scores standard input; its messages name it <stdin>", () => {
    const r = mltrain(["eval", "run/model.json", "-", "--json"], iris.join("\n") + "\n");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.data).toBe("<stdin>");
    expect(report.metrics).toEqual(JSON.parse(mltrain(["eval", "run/model.json", "iris.csv", "--json"]).stdout).metrics);
    const bad = mltrain(["predict", "run/model.json", "-"], gaps.join("\n") + "\n");
    expect(bad.code).toBe(2);
    expect(bad.stderr.trimEnd()).toMatchInlineSnapshot(`"<stdin>:3:1: sepal_length: empty cell (a missing value); run with --missing drop (skip such rows) or --missing mean (fill with the model's train mean)"`);
  });
});
