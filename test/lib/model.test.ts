// Level 2 of the library (src/lib/model.ts): sequential([...]) trains with the CLI's fit loop and data
// path, so the same config gives the same weights from code and from `mltrain fit`; model.json goes both
// ways between code and the CLI; arrays are the CSV they stand for; dispose frees the backend.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { load, MltrainError, sequential, type DataInput, type LayerInput, type Model, type ModelFitOptions, type WasmKernelsLike } from "./helpers.js";
import { mltrain, root, tmp } from "../e2e/cli.js";
import { encodeIdx } from "../../src/data/idx.js";

const irisLayers: LayerInput[] = [
  { type: "dense", units: 16, activation: "tanh" },
  { type: "dense", units: 3, activation: "softmax" },
];
// configs/iris.yaml's sections but data and model, with 5 epochs
const irisOptions: ModelFitOptions = {
  seed: 42, loss: "categorical_crossentropy", optimizer: { type: "adam", learning_rate: 0.01 }, schedule: { type: "constant" },
  training: { epochs: 5, batch_size: 16, shuffle: true }, metrics: ["accuracy"], cwd: root,
};
const irisData: DataInput = { path: "datasets/iris.csv", target: "species", task: "multiclass" };

/** The iris CSV as arrays: rows of the four measurements, and the species. */
function irisArrays(): { x: number[][]; y: string[]; features: string[] } {
  const [head, ...lines] = readFileSync(path.join(root, "datasets/iris.csv"), "utf8").trim().split("\n");
  const rows = lines.map((l) => l.split(","));
  return { features: head.split(",").slice(0, 4), x: rows.map((r) => r.slice(0, 4).map(Number)), y: rows.map((r) => r[4]) };
}

/** A predictions CSV's p_ columns, row by row. */
function probabilities(csv: string): number[][] {
  const [head, ...lines] = csv.trim().split("\n");
  const cols = head.split(",").flatMap((h, i) => (h.startsWith("p_") ? [i] : []));
  return lines.map((l) => cols.map((i) => Number(l.split(",")[i])));
}
const rowsOf = (a: Float32Array, width: number) => Array.from({ length: a.length / width }, (_, r) => [...a.subarray(r * width, (r + 1) * width)]);

async function rejection(p: Promise<unknown>): Promise<MltrainError> {
  const e = await p.then(() => new Error("resolved"), (e: unknown) => e);
  if (e instanceof MltrainError) return e;
  throw e;
}

describe("sequential(...).fit against `mltrain fit`", () => {
  const out = tmp("lib-model");
  const cliRun = path.join(out, "cli");
  let model: Model;
  beforeAll(async () => {
    expect(mltrain(["fit", "configs/iris.yaml", "--set", "training.epochs=5", "-o", cliRun], root).code).toBe(0);
    model = sequential(irisLayers, { name: "iris" });
    const run = model.fit(irisData, irisOptions);
    const epochs: unknown[] = [];
    for await (const ev of run) if (ev.type === "epoch_end") epochs.push(ev.logs.epoch);
    expect(epochs).toEqual([1, 2, 3, 4, 5]);
    expect((await run.result).status).toBe("completed");
  });

  it("the same config from code trains the CLI's weights, bit for bit (the same model.json layers and input)", () => {
    const cli = JSON.parse(readFileSync(path.join(cliRun, "model.json"), "utf8"));
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(json.layers).toEqual(cli.layers);
    expect(json.input).toEqual(cli.input);
    expect(json.output).toEqual(cli.output);
  });

  it("evaluate on the last fit's test split is metrics.json's evaluation.test", async () => {
    const report = JSON.parse(readFileSync(path.join(cliRun, "metrics.json"), "utf8"));
    expect(JSON.parse(JSON.stringify(await model.evaluate({ split: "test" })))).toEqual(report.evaluation.test);
  });

  it("a model saved from code is read by `mltrain predict`, with the probabilities model.predict gives", async () => {
    const file = path.join(out, "from-code.json");
    model.save(file);
    const cli = mltrain(["predict", file, "datasets/iris.csv"], root);
    expect(cli.code).toBe(0);
    const mine = await model.predict("datasets/iris.csv", { cwd: root });
    expect(mine.rows).toBe(150);
    expect(probabilities(cli.stdout)).toEqual(rowsOf(mine.outputs, 3).map((r) => r.map(shortest)));
    expect(cli.stdout.split("\n")[1].split(",")[1]).toBe(mine.labels![0]);
  });

  it("a model trained by the CLI loads in code and predicts what `mltrain predict` does", async () => {
    using loaded = await load(path.join(cliRun, "model.json"));
    const cli = mltrain(["predict", path.join(cliRun, "model.json"), "datasets/iris.csv"], root);
    const mine = await loaded.predict("datasets/iris.csv", { cwd: root });
    expect(probabilities(cli.stdout)).toEqual(rowsOf(mine.outputs, 3).map((r) => r.map(shortest)));
    // arrays of the source columns go through the stored preprocessing too
    const one = await loaded.predict({ x: [[5.1, 3.5, 1.4, 0.2]] });
    expect([...one.outputs]).toEqual([...mine.outputs.subarray(0, 3)]);
    expect(one.labels).toEqual([mine.labels![0]]);
    expect(one.columns).toEqual(["setosa", "versicolor", "virginica"]);
  });

  it("a second fit goes on from the current weights: the CLI's run with model.init_from those weights", async () => {
    using twice = sequential(irisLayers, { name: "iris" });
    await twice.fit(irisData, irisOptions).result;
    const first = path.join(out, "first.json");
    twice.save(first);
    await twice.fit(irisData, irisOptions).result;
    const cli = mltrain(["fit", "configs/iris.yaml", "--set", "training.epochs=5", "--set", `model.init_from=${first}`, "-o", path.join(out, "warm")], root);
    expect(cli.code).toBe(0);
    const warm = JSON.parse(readFileSync(path.join(out, "warm", "model.json"), "utf8"));
    expect(JSON.parse(JSON.stringify(twice.toJSON().layers))).toEqual(warm.layers);
  });

  it("arrays are the CSV they stand for: the same rows as arrays train the same weights", async () => {
    using fromArrays = sequential(irisLayers, { name: "iris" });
    await fromArrays.fit({ ...irisArrays(), task: "multiclass" }, irisOptions).result;
    expect(JSON.parse(JSON.stringify(fromArrays.toJSON().layers))).toEqual(JSON.parse(JSON.stringify(model.toJSON().layers)));
    expect(fromArrays.toJSON().input.preprocessing).toEqual(model.toJSON().input.preprocessing);
  });
});

/** What the predictions CSV writes for a float32 value: its shortest decimal, read back. */
function shortest(v: number): number {
  const f = Math.fround(v);
  for (let p = 1; p < 10; p++) if (Math.fround(Number(f.toPrecision(p))) === f) return Number(f.toPrecision(p));
  return f;
}

describe("data from code", () => {
  it("a Float32Array with a sample shape feeds a conv net ([8, 8, 1] images from digits.csv)", async () => {
    const [, ...lines] = readFileSync(path.join(root, "datasets/digits.csv"), "utf8").trim().split("\n");
    const rows = lines.slice(0, 300).map((l) => l.split(",").map(Number));
    const x = new Float32Array(rows.flatMap((r) => r.slice(0, 64)));
    const y = rows.map((r) => String(r[64]));
    using model = sequential([
      { type: "conv2d", filters: 4, kernel_size: 3, activation: "relu" },
      { type: "flatten" },
      { type: "dense", activation: "softmax" },
    ]);
    const result = await model.fit({ x, shape: [8, 8, 1], y, normalize: "none", rescale: "1/16" }, { training: { epochs: 2 } }).result;
    expect(result.status).toBe("completed");
    expect(model.task).toBe("multiclass");
    expect(model.summary().map((r) => r.outputShape)).toEqual([[null, 6, 6, 4], [null, 144], [null, 10]]);
    const p = await model.predict({ x: x.subarray(0, 64 * 2), shape: [8, 8, 1] });
    expect(p.rows).toBe(2);
    expect(p.outputs.length).toBe(20);
  });

  it("an IDX source as the CLI reads it: [h, w, 1] samples, and predict reads IDX images as `mltrain predict` does", async () => {
    const dir = tmp("lib-idx");
    const n = 40;
    // 6x6 images: label 0 bright on the left half, label 1 on the right
    const pixels = Array.from({ length: n * 36 }, (_, i) => ((i % 6 < 3) === (Math.floor(i / 36) % 2 === 0) ? 200 : 10));
    writeFileSync(path.join(dir, "train-images-idx3-ubyte"), encodeIdx("u8", [n, 6, 6], pixels));
    writeFileSync(path.join(dir, "train-labels-idx1-ubyte"), encodeIdx("u8", [n], Array.from({ length: n }, (_, i) => i % 2)));
    using model = sequential([{ type: "conv2d", filters: 2, kernel_size: 3 }, { type: "flatten" }, { type: "dense", activation: "sigmoid" }]);
    const data = { path: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte", rescale: "1/255", normalize: "none" } as const;
    await model.fit(data, { cwd: dir, training: { epochs: 2 } }).result;
    expect(model.task).toBe("binary");
    expect(model.summary()[0].outputShape).toEqual([null, 4, 4, 2]);
    const p = await model.predict("train-images-idx3-ubyte", { cwd: dir });
    expect(p.rows).toBe(n);
    expect(p.columns).toEqual(["1"]);
  });

  it("numbers as y with task auto are a regression; predict gives values and no labels", async () => {
    const x = Array.from({ length: 60 }, (_, i) => [i / 60, (i % 7) / 7]);
    const y = x.map(([a, b]) => 2 * a - b + 0.5);
    using model = sequential([{ type: "dense", units: 8, activation: "tanh" }, { type: "dense" }]);
    await model.fit({ x, y }, { training: { epochs: 3 } }).result;
    expect(model.task).toBe("regression");
    const p = await model.predict({ x: [[0.5, 0.5]] });
    expect(p.labels).toBeNull();
    expect(p.columns).toEqual(["y"]);
    const m = await model.evaluate({ x, y });
    expect(Object.keys(m)).toEqual(expect.arrayContaining(["mse", "rmse", "mae", "r2"]));
  });
});

describe("checks and lifetime", () => {
  it("a misspelt layer key and a misspelt fit option are config.invalid naming the key path", async () => {
    let e: unknown;
    try {
      sequential([{ type: "dense", unit: 3 } as never]);
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(MltrainError);
    expect((e as MltrainError).details).toEqual(['sequential layers: layers[0].unit: unknown key; did you mean "units"?']);
    using model = sequential(irisLayers);
    const bad = await rejection(model.fit(irisData, { cwd: root, training: { epochz: 3 } as never }).result);
    expect([bad.message, ...bad.details]).toEqual(["invalid config (1 problem); nothing was run", 'model.fit: training.epochz: unknown key; did you mean "epochs"?']);
  });

  it("a misfit between the data's task and the model is the CLI's message", async () => {
    using model = sequential([{ type: "dense", units: 1, activation: "sigmoid" }]);
    const e = await rejection(model.fit(irisData, { cwd: root }).result);
    expect(e.code).toBe("config.invalid");
    expect(e.details.join("\n")).toMatch(/model\.fit: model\.layers\[0\]/);
  });

  it("dispose() frees the backend: its thread ends and its memory is dropped; the model refuses later calls", async () => {
    const model = sequential([{ type: "dense", activation: "softmax" }]);
    await model.fit(irisData, { cwd: root, training: { epochs: 1 } }).result;
    const kernels = model.kernels as unknown as WasmKernelsLike;
    expect(kernels.disposed).toBe(false);
    {
      using m = model;
      void m;
    }
    expect(model.disposed).toBe(true);
    expect(kernels.disposed).toBe(true);
    expect(kernels.workerThreads).toEqual([]);
    expect(() => kernels.alloc(1)).toThrow();
    await expect(model.predict({ x: [[1, 2, 3, 4]] })).rejects.toThrow(/disposed/);
    model.dispose(); // idempotent
  });
});
