// The data source keys: data.path (CSV or IDX, with labels) xor data.dataset, the keys each source takes,
// rescale/limit, and the split default with a test file. Problems as `file:line:col: path: message`.
import { describe, expect, it } from "vitest";
import { configsDir, load, problems as configProblems } from "./helpers.js";

const model = `model:
  layers:
    - { type: dense, units: 8, activation: relu }
    - { type: dense, units: 10, activation: softmax }
`;
const parse = (data: string, overrides: string[] = []) => load(`data:\n${data}${model}`, overrides, { checkFiles: false });
const problems = (data: string, overrides: string[] = []): string[] =>
  configProblems(`data:\n${data}${model}`, overrides, { checkFiles: false });

describe("data.dataset and IDX data.path validate", () => {
  it("dataset: fashion-mnist alone is valid; the split defaults to train 0.85 / validation 0.15 / test 0 (the test files are the test split)", () => {
    const c = parse("  dataset: fashion-mnist\n  rescale: 1/255\n  normalize: none\n").config;
    expect(c.data).toMatchObject({ dataset: "fashion-mnist", rescale: "1/255", normalize: "none", split: { train: 0.85, validation: 0.15, test: 0 } });
    expect(c.data.path).toBeUndefined();
  });
  it("an IDX path + labels: format idx is inferred, paths resolved against the config's folder", () => {
    const c = parse("  path: data/train-images-idx3-ubyte.gz\n  labels: data/train-labels-idx1-ubyte.gz\n  limit: 500\n").config;
    expect(c.data.format).toBe("idx");
    expect(c.data.labels).toBe(`${configsDir}/data/train-labels-idx1-ubyte.gz`);
    expect(c.data.limit).toBe(500);
  });
  it("a CSV keeps format csv", () => {
    expect(parse("  path: ../datasets/iris.csv\n  target: species\n").config.data.format).toBe("csv");
  });
  it("--set data.limit=100 overrides", () => {
    expect(parse("  dataset: fashion-mnist\n", ["data.limit=100"]).config.data.limit).toBe(100);
  });
});

describe("data source problems", () => {
  it("neither path nor dataset", () => {
    expect(problems("  task: multiclass\n")).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:1:1: data.path: missing (required); expected a CSV or IDX file, or name a dataset instead (data.dataset: fashion-mnist)",
      ]
    `);
  });
  it("a dataset with files of its own, and a test ratio", () => {
    expect(problems("  dataset: fashion-mnist\n  path: x.csv\n  class_names: [a, b]\n  split: { train: 0.7, validation: 0.15, test: 0.15 }\n")).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:3:3: data.path: data.dataset fashion-mnist brings its own files and class names; remove path (or drop data.dataset and give the files)",
        "configs/test.yaml:4:3: data.class_names: data.dataset fashion-mnist brings its own files and class names; remove class_names (or drop data.dataset and give the files)",
        "configs/test.yaml:5:48: data.split.test: must be 0 when data.dataset is set (the test rows come from the fashion-mnist test files), got 0.15",
      ]
    `);
  });
  it("an unknown dataset name says which exist", () => {
    expect(problems("  dataset: mnist\n")).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:2:12: data.dataset: expected "fashion-mnist", got "mnist"",
      ]
    `);
  });
  it("an IDX path without labels; test_path without test_labels", () => {
    expect(problems("  path: train-images-idx3-ubyte.gz\n  test_path: t10k-images-idx3-ubyte.gz\n")).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:2:9: data.path: an IDX images file needs its labels: add data.labels (e.g. train-labels-idx1-ubyte.gz)",
        "configs/test.yaml:3:14: data.test_path: an IDX test file needs its labels: add data.test_labels (e.g. t10k-labels-idx1-ubyte.gz)",
      ]
    `);
  });
  it("CSV-only keys with IDX data, and multilabel", () => {
    expect(problems("  format: idx\n  path: a.idx\n  labels: b.idx\n  target: label\n  ignore: [x]\n  task: multilabel\n")).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:5:3: data.target: only for CSV data; IDX features are pixel_0, pixel_1, ... and the target is the labels file",
        "configs/test.yaml:6:3: data.ignore: only for CSV data; IDX data has no columns to ignore",
        "configs/test.yaml:7:9: data.task: an IDX labels file has one label per image; use multiclass, binary or regression",
        "configs/test.yaml:11:45: model.layers[1].activation: a multilabel task needs a sigmoid output layer (multilabel → sigmoid output + binary_crossentropy), got softmax",
      ]
    `);
  });
  it("IDX-only keys with a CSV, and a CSV without a target", () => {
    expect(problems("  path: ../datasets/iris.csv\n  format: csv\n  labels: y.idx\n  class_names: [a, b]\n")).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:1:1: data.target: missing (required for a CSV); expected a non-empty string or a non-empty list of strings (the column(s) to predict)",
        "configs/test.yaml:4:3: data.labels: only for IDX data, but data.path is read as CSV; set data.format: idx if it is an IDX file",
        "configs/test.yaml:5:3: data.class_names: only for IDX data, but data.path is read as CSV; set data.format: idx if it is an IDX file",
      ]
    `);
  });
  it("test_labels without test_path", () => {
    expect(problems("  path: a-idx3-ubyte\n  labels: b-idx1-ubyte\n  test_labels: c-idx1-ubyte\n")).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:4:3: data.test_labels: test labels without a test file: add data.test_path (the IDX test images)",
      ]
    `);
  });
  it("rescale must be positive, limit a positive integer", () => {
    expect(problems("  dataset: fashion-mnist\n  rescale: 0\n  limit: 2.5\n")).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:3:12: data.rescale: expected a positive number or a fraction such as "1/255", got 0",
        "configs/test.yaml:4:10: data.limit: expected a positive integer, got 2.5",
      ]
    `);
  });
});
