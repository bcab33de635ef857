import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.js";
import type { MltrainError } from "../../src/errors.js";
import {
  historyToCsv,
  modelFile,
  parseHistoryCsv,
  readCheckpoint,
  readModelFile,
  writeModelFile,
  type HistoryRow,
} from "../../src/io/index.js";

const tmp = () => mkdtempSync(path.join(tmpdir(), "mltrain-io-"));
const config = configSchema.parse({ data: { path: "d.csv", target: "y" }, model: { layers: [{ type: "dense", units: 2, activation: "softmax" }] } });
const sample = modelFile({
  name: "m", task: "multiclass", features: ["a", "b"], preprocessing: { columns: [] }, target: ["y"], classes: ["n", "p"],
  layers: [{ type: "dense", units: 2, activation: "softmax", weights: { kernel: [[0.1, -2], [3.5, 1e-8]], bias: [0, 0.25] } }],
  config,
});

describe("model.json", () => {
  it("round-trips: SPEC's layout (format mltrain-model, version 1) is written and read back equal", () => {
    const f = path.join(tmp(), "model.json");
    writeModelFile(f, sample);
    const back = readModelFile(f);
    expect(back).toEqual(sample);
    expect(Object.keys(back)).toEqual(["format", "version", "name", "task", "input", "output", "layers", "config"]);
    expect(back.format).toBe("mltrain-model");
    expect(back.version).toBe(1);
  });

  it.each([
    ["another version", { ...sample, version: 2 }, "model.bad_version", /version 2 is not supported: this mltrain reads version 1/],
    ["another format", { ...sample, format: "keras" }, "model.bad_format", /expected format "mltrain-model", found "keras"/],
    ["no layers", { ...sample, layers: [] }, "model.bad_format", /`layers` is not a non-empty list/],
  ])("refuses %s with a clear message (exit-2 code)", (_name, value, code, message) => {
    const f = path.join(tmp(), "model.json");
    writeFileSync(f, JSON.stringify(value));
    expect(() => readModelFile(f)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });

  it("input.shape is written ([features] by default); a file without it reads as [features.length]", () => {
    expect(sample.input.shape).toEqual([2]);
    const f = path.join(tmp(), "model.json");
    const { shape: _shape, ...oldInput } = sample.input;
    writeFileSync(f, JSON.stringify({ ...sample, input: oldInput }));
    expect(readModelFile(f).input.shape).toEqual([2]);
  });

  it("refuses an input.shape that is not positive whole numbers or does not hold the features", () => {
    const f = path.join(tmp(), "model.json");
    const message = (shape: unknown) => {
      writeFileSync(f, JSON.stringify({ ...sample, input: { ...sample.input, shape } }));
      try {
        readModelFile(f);
      } catch (e) {
        return `${(e as { code: string }).code}: ${(e as Error).message}`;
      }
      return "no error";
    };
    expect(message([2, 2, 1])).toMatchInlineSnapshot(`"model.bad_format: corrupted model file: \`input.shape\` [2, 2, 1] holds 4 values, \`input.features\` lists 2"`);
    expect(message([2, 0])).toMatchInlineSnapshot(`"model.bad_format: corrupted model file: \`input.shape\` is not a list of positive whole numbers, found [2,0]"`);
  });

  it("refuses fields eval and predict rely on that are missing or of the wrong kind (model.bad_format)", () => {
    const f = path.join(tmp(), "model.json");
    const cases = {
      "an unknown task": { ...sample, task: "ranking" },
      "a classifier without classes": { ...sample, output: { target: ["y"], classes: null } },
      "a regression model with classes": { ...sample, task: "regression" },
      "classes that are not labels": { ...sample, output: { target: ["y"], classes: [1, 2] } },
      "no target column": { ...sample, output: { target: [], classes: ["n", "p"] } },
    };
    const messages = Object.entries(cases).map(([name, value]) => {
      writeFileSync(f, JSON.stringify(value));
      try {
        readModelFile(f);
        return `${name}: read`;
      } catch (err) {
        return `${name}: ${(err as MltrainError).code}: ${(err as MltrainError).message}`;
      }
    });
    expect(messages).toMatchInlineSnapshot(`
      [
        "an unknown task: model.bad_format: corrupted model file: \`task\` is not one of regression, binary, multiclass, multilabel",
        "a classifier without classes: model.bad_format: corrupted model file: \`output.classes\` is not a list of labels",
        "a regression model with classes: model.bad_format: corrupted model file: \`output.classes\` is not null (a regression model has no classes)",
        "classes that are not labels: model.bad_format: corrupted model file: \`output.classes\` is not a list of labels",
        "no target column: model.bad_format: corrupted model file: \`output.target\` is neither a column name nor a non-empty list of them",
      ]
    `);
  });

  it("refuses a truncated file as model.bad_format", () => {
    const f = path.join(tmp(), "model.json");
    writeFileSync(f, JSON.stringify(sample).slice(0, 50));
    expect(() => readModelFile(f)).toThrow(expect.objectContaining({ code: "model.bad_format", message: expect.stringMatching(/truncated/) }));
  });
});

describe("history.csv", () => {
  it("writes one row per epoch in column order, empty cells for missing values, and parses back exactly", () => {
    const rows: HistoryRow[] = [
      { epoch: 1, lr: 0.001, loss: 0.6931471805599453, accuracy: 0.5, val_loss: null, seconds: 0.25 },
      { epoch: 2, lr: 0.0005, loss: 0.5, accuracy: 0.75, val_loss: 0.4, seconds: 0.5 },
    ];
    const csv = historyToCsv(rows);
    expect(csv).toBe("epoch,lr,loss,accuracy,val_loss,seconds\n1,0.001,0.6931471805599453,0.5,,0.25\n2,0.0005,0.5,0.75,0.4,0.5\n");
    expect(parseHistoryCsv(csv)).toEqual(rows);
  });
});

describe("checkpoint.json", () => {
  it("refuses a file that is not a checkpoint (checkpoint.invalid)", () => {
    const f = path.join(tmp(), "checkpoint.json");
    writeFileSync(f, JSON.stringify(sample));
    expect(() => readCheckpoint(f)).toThrow(expect.objectContaining({ code: "checkpoint.invalid" }));
  });
});
