// Bad input to `mltrain eval` and `mltrain predict`: exit 2, one message on stderr naming the file (and
// line:col for CSV cells), no stack, nothing on stdout, and an existing --report / -o file left as it was.
// Needs dist/ (npm run build first).
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mltrain as run, root, tmp } from "./cli.js";

const cwd = tmp("evalbad");
const GOOD = "a good file from an earlier run\n";

const mltrain = (args: string[]) => run(args, cwd);

/** Run a command that must fail on bad input; check the contract and return its message. */
function bad(command: "eval" | "predict", model: string, data: string, ...extra: string[]): string {
  const out = command === "eval" ? ["--report", "kept.out"] : ["-o", "kept.out"];
  writeFileSync(path.join(cwd, "kept.out"), GOOD);
  const before = readdirSync(cwd).sort();
  const r = mltrain([command, model, data, ...out, ...extra]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(readFileSync(path.join(cwd, "kept.out"), "utf8")).toBe(GOOD);
  expect(readdirSync(cwd).sort()).toEqual(before); // no temp file left behind either
  return r.stderr.trimEnd();
}

/** The first bytes of a PNG file: the signature and the IHDR chunk of a 16x16 RGBA image (9 NUL bytes). */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 0x10, 0, 0, 0, 0x10, 8, 6]);

const lines = () => readFileSync(path.join(cwd, "iris.csv"), "utf8").trimEnd().split("\n");
const writeCsv = (name: string, rows: string[]) => writeFileSync(path.join(cwd, name), rows.join("\n") + "\n");
const editModel = (name: string, edit: (m: Record<string, any>) => unknown) => {
  const m = JSON.parse(readFileSync(path.join(cwd, "run", "model.json"), "utf8"));
  edit(m);
  writeFileSync(path.join(cwd, name), JSON.stringify(m));
};

beforeAll(() => {
  const r = mltrain(["fit", path.join(root, "configs", "iris.yaml"), "--set", "training.epochs=1", "--verbose", "0", "-o", "run"]);
  expect(r.code).toBe(0);
  copyFileSync(path.join(root, "datasets", "iris.csv"), path.join(cwd, "iris.csv"));
});

describe("a bad MODEL: exit 2 for eval and predict, outputs untouched", () => {
  it("a missing model file", () => {
    expect(bad("eval", "nope.json", "iris.csv")).toMatchInlineSnapshot(`"nope.json: cannot read mltrain-model file: no such file"`);
    expect(bad("predict", "nope.json", "iris.csv")).toMatchInlineSnapshot(`"nope.json: cannot read mltrain-model file: no such file"`);
  });
  it("a JSON file that is not a model (the run's metrics.json)", () => {
    expect(bad("eval", "run/metrics.json", "iris.csv")).toMatchInlineSnapshot(`"run/metrics.json: expected format "mltrain-model", found "mltrain-report""`);
    expect(bad("predict", "run/metrics.json", "iris.csv")).toMatchInlineSnapshot(`"run/metrics.json: expected format "mltrain-model", found "mltrain-report""`);
  });
  it("a model of another format version", () => {
    editModel("v2.json", (m) => (m.version = 2));
    expect(bad("eval", "v2.json", "iris.csv")).toMatchInlineSnapshot(`"v2.json: mltrain-model version 2 is not supported: this mltrain reads version 1"`);
    expect(bad("predict", "v2.json", "iris.csv")).toMatchInlineSnapshot(`"v2.json: mltrain-model version 2 is not supported: this mltrain reads version 1"`);
  });
  it("a truncated model file", () => {
    writeFileSync(path.join(cwd, "cut.json"), readFileSync(path.join(cwd, "run", "model.json"), "utf8").slice(0, 300));
    expect(bad("eval", "cut.json", "iris.csv")).toMatchInlineSnapshot(`"cut.json: not valid JSON (Expected double-quoted property name in JSON at position 300); is the file truncated?"`);
    expect(bad("predict", "cut.json", "iris.csv")).toMatchInlineSnapshot(`"cut.json: not valid JSON (Expected double-quoted property name in JSON at position 300); is the file truncated?"`);
  });
  it("a YAML config or a CSV given as the model: named as such, with what eval and predict take", () => {
    copyFileSync(path.join(root, "configs", "iris.yaml"), path.join(cwd, "iris.yaml"));
    expect(bad("eval", "iris.yaml", "iris.csv")).toMatchInlineSnapshot(`"iris.yaml: not a mltrain-model file: it is YAML (a config?), not JSON; eval and predict take the model.json that fit writes (e.g. runs/NAME/model.json), then the data"`);
    expect(bad("predict", "run/config.yaml", "iris.csv")).toMatchInlineSnapshot(`"run/config.yaml: not a mltrain-model file: it is YAML (a config?), not JSON; eval and predict take the model.json that fit writes (e.g. runs/NAME/model.json), then the data"`);
    expect(bad("predict", "iris.csv", "run/model.json")).toMatchInlineSnapshot(`"iris.csv: not a mltrain-model file: it looks like a CSV file, not JSON; eval and predict take the model.json that fit writes (e.g. runs/NAME/model.json), then the data"`);
  });
  it("a binary file given as the model: named as binary, its bytes not echoed", () => {
    writeFileSync(path.join(cwd, "model.png"), PNG);
    expect(bad("eval", "model.png", "iris.csv")).toMatchInlineSnapshot(`"model.png: not a mltrain-model file: it looks binary (9 NUL bytes in the first KB); eval and predict take the model.json that fit writes (e.g. runs/NAME/model.json), then the data"`);
  });
  it("corrupted weights (a kernel row missing) and corrupted preprocessing", () => {
    editModel("weights.json", (m) => m.layers[0].weights.kernel.pop());
    expect(bad("eval", "weights.json", "iris.csv")).toMatchInlineSnapshot(`"weights.json: corrupted model file: layer 1 (dense): kernel has shape [3, 16], expected [4, 16]"`);
    editModel("prep.json", (m) => (m.input.preprocessing.columns[0].kind = "weird"));
    expect(bad("predict", "prep.json", "iris.csv")).toMatchInlineSnapshot(`"prep.json: input.preprocessing.columns.0.kind: Invalid discriminator value. Expected 'numeric' | 'categorical'"`);
  });
});

describe("what eval and predict do not need", () => {
  it("a model whose config (a record of the run) has no data section still evaluates and predicts", () => {
    editModel("no_config_data.json", (m) => (m.config = {}));
    for (const command of ["eval", "predict"]) expect(mltrain([command, "no_config_data.json", "iris.csv"])).toMatchObject({ code: 0, stderr: "" });
  });
});

describe("bad DATA: exit 2, outputs untouched", () => {
  it("a missing data file", () => {
    expect(bad("eval", "run/model.json", "nope.csv")).toMatchInlineSnapshot(`"nope.csv: file not found"`);
    expect(bad("predict", "run/model.json", "nope.csv")).toMatchInlineSnapshot(`"nope.csv: file not found"`);
  });
  it("a binary file (a PNG image) or UTF-16 text given as the CSV: named as not a text CSV, its bytes not echoed", () => {
    writeFileSync(path.join(cwd, "image.png"), PNG);
    expect(bad("eval", "run/model.json", "image.png")).toMatchInlineSnapshot(`"image.png: not a text CSV file (it looks binary: 9 NUL bytes in the first KB)"`);
    expect(bad("predict", "run/model.json", "image.png")).toMatchInlineSnapshot(`"image.png: not a text CSV file (it looks binary: 9 NUL bytes in the first KB)"`);
    writeFileSync(path.join(cwd, "utf16.csv"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines().join("\n"), "utf16le")]));
    expect(bad("predict", "run/model.json", "utf16.csv")).toMatchInlineSnapshot(`"utf16.csv: not a UTF-8 CSV file: it is UTF-16 text (a byte-order mark); save it as UTF-8 (CSV UTF-8 in Excel)"`);
  });
  it("a missing feature column: named, with what the model needs and what the file has", () => {
    writeCsv("no_feature.csv", lines().map((l) => l.split(",").filter((_, j) => j !== 3).join(",")));
    expect(bad("eval", "run/model.json", "no_feature.csv")).toMatchInlineSnapshot(`"no_feature.csv:1: missing feature column "petal_width"; the model needs sepal_length, sepal_width, petal_length, petal_width, species; the file has sepal_length, sepal_width, petal_length, species"`);
    expect(bad("predict", "run/model.json", "no_feature.csv")).toMatchInlineSnapshot(`"no_feature.csv:1: missing feature column "petal_width"; the model needs sepal_length, sepal_width, petal_length, petal_width; the file has sepal_length, sepal_width, petal_length, species"`);
  });
  it("eval: a missing target column", () => {
    writeCsv("no_target.csv", lines().map((l) => l.split(",").slice(0, 4).join(",")));
    expect(bad("eval", "run/model.json", "no_target.csv")).toMatchInlineSnapshot(`"no_target.csv:1: missing target column "species"; the model needs sepal_length, sepal_width, petal_length, petal_width, species; the file has sepal_length, sepal_width, petal_length, petal_width"`);
  });
  it("eval: a label not seen in training, with its line:col and the known labels", () => {
    const rows = lines();
    rows[5] = rows[5].replace(/[a-z]+$/, "daisy");
    writeCsv("unseen.csv", rows);
    expect(bad("eval", "run/model.json", "unseen.csv")).toMatchInlineSnapshot(`"unseen.csv:6:5: species: label "daisy" was not seen in training (classes: "setosa", "versicolor", "virginica")"`);
  });
  it("a word in a numeric feature column, with its line:col", () => {
    const rows = lines();
    rows[7] = "5.0,abc,1.5,0.2,setosa";
    writeCsv("word.csv", rows);
    expect(bad("eval", "run/model.json", "word.csv")).toMatchInlineSnapshot(`"word.csv:8:2: sepal_width: expected a number, got "abc" (the column holds numbers from line 2; a missing value is written as an empty cell, NA or ?)"`);
    expect(bad("predict", "run/model.json", "word.csv")).toMatchInlineSnapshot(`"word.csv:8:2: sepal_width: expected a number, got "abc" (the column holds numbers from line 2; a missing value is written as an empty cell, NA or ?)"`);
  });
  it("predict --keep: a column the file does not have, and a name the output already uses", () => {
    expect(bad("predict", "run/model.json", "iris.csv", "--keep", "id")).toMatchInlineSnapshot(`"iris.csv:1: missing kept column "id"; the model needs sepal_length, sepal_width, petal_length, petal_width; the file has sepal_length, sepal_width, petal_length, petal_width, species"`);
    writeCsv("with_row.csv", lines().map((l, i) => `${i === 0 ? "prediction" : i},${l}`));
    expect(bad("predict", "run/model.json", "with_row.csv", "--keep", "prediction")).toMatchInlineSnapshot(`"mltrain: --keep prediction: the output already has a column named "prediction"; keep another column"`);
  });
});
