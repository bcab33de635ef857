// `mltrain export`: the ONNX graph run by the real ONNX Runtime (onnxruntime-node, CPU) gives the
// probabilities (or values) of `mltrain predict` within 1e-5 and the same labels, from the same raw CSV
// values, for every shipped CSV config (trained for a few epochs), two small CNNs covering every layer
// and activation, and a model with categorical columns (text and data.categorical codes, one unseen).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import onnxProto from "onnx-proto";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { mltrain, root, tmp } from "./cli.js";

const TOL = 1e-5;

/** A plain CSV (no quotes in the shipped datasets) as header + rows of cells. */
function readCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(file, "utf8").trim().split(/\r?\n/);
  return { header: lines[0].split(","), rows: lines.slice(1).map((l) => l.split(",")) };
}

interface Column {
  name: string;
  kind: "numeric" | "categorical";
}

/** The ONNX feeds for the rows of `csv`: `numeric` [N, k] plus one string [N, 1] per categorical column. */
function feeds(columns: Column[], csv: { header: string[]; rows: string[][] }): Record<string, ort.Tensor> {
  const at = (name: string) => csv.header.indexOf(name);
  const numeric = columns.filter((c) => c.kind === "numeric");
  const n = csv.rows.length;
  const out: Record<string, ort.Tensor> = {};
  if (numeric.length > 0) {
    const x = new Float32Array(n * numeric.length);
    csv.rows.forEach((r, i) => numeric.forEach((c, j) => (x[i * numeric.length + j] = r[at(c.name)] === "" ? NaN : Number(r[at(c.name)]))));
    out.numeric = new ort.Tensor("float32", x, [n, numeric.length]);
  }
  for (const c of columns.filter((c) => c.kind === "categorical")) out[c.name] = new ort.Tensor("string", csv.rows.map((r) => r[at(c.name)]), [n, 1]);
  return out;
}

/** fit CONFIG (with --set overrides), predict DATA, export, run the graph; both sides' numbers. */
async function compare(config: string, sets: string[], data: string) {
  const dir = tmp("export");
  const fit = mltrain(["fit", config, "-o", path.join(dir, "run"), ...sets.flatMap((s) => ["--set", s])], dir);
  expect(fit.code, fit.stderr).toBe(0);
  const model = path.join(dir, "run", "model.json");
  const pred = mltrain(["predict", model, data], dir);
  expect(pred.code, pred.stderr).toBe(0);
  const exp = mltrain(["export", model, "-o", path.join(dir, "model.onnx")], dir);
  expect(exp.code, exp.stderr).toBe(0);
  const json = JSON.parse(readFileSync(model, "utf8"));
  const session = await ort.InferenceSession.create(path.join(dir, "model.onnx"));
  const result = await session.run(feeds(json.input.preprocessing.columns, readCsv(data)));
  const table = readCsv(writeTmp(dir, pred.stdout));
  return { json, table, result, session, file: path.join(dir, "model.onnx") };
}

function writeTmp(dir: string, text: string): string {
  const f = path.join(dir, "predict.csv");
  writeFileSync(f, text);
  return f;
}

/** Every p_ (or prediction) column of predict's CSV against the graph's output, and the labels. */
async function expectSame(config: string, sets: string[], data = "") {
  const cfg = path.resolve(root, config);
  const csvFile = data || path.resolve(path.dirname(cfg), /path: (\S+)/.exec(readFileSync(cfg, "utf8"))![1]);
  const { json, table, result } = await compare(cfg, sets, csvFile);
  const task: string = json.task;
  const labels: string[] = json.output.classes ?? [json.output.target].flat();
  const k = labels.length;
  const values = (task === "regression" ? result.values : result.probabilities).data as Float32Array;
  const cols = task === "regression" ? (k === 1 ? ["prediction"] : labels.map((t) => `prediction_${t}`)) : labels.map((l) => `p_${l}`);
  let worst = 0;
  table.rows.forEach((r, i) => cols.forEach((c, j) => (worst = Math.max(worst, Math.abs(Number(r[table.header.indexOf(c)]) - values[i * k + j]) / (task === "regression" ? Math.max(1, Math.abs(values[i * k + j])) : 1)))));
  expect(worst).toBeLessThan(TOL);
  if (task === "multilabel") {
    const got = result.label.data as BigInt64Array;
    table.rows.forEach((r, i) => labels.forEach((l, j) => expect(String(got[i * k + j])).toBe(r[table.header.indexOf(`prediction_${l}`)])));
  } else if (task !== "regression") {
    expect(Array.from(result.label.data as string[])).toEqual(table.rows.map((r) => r[table.header.indexOf("prediction")]));
  }
  return { rows: table.rows.length, worst };
}

describe("mltrain export: ONNX Runtime gives predict's numbers", () => {
  const shipped: [string, string[]][] = [
    ["configs/iris.yaml", ["training.epochs=5"]],
    ["configs/wine.yaml", ["training.epochs=5"]],
    ["configs/breast_cancer.yaml", ["training.epochs=5"]],
    ["configs/diabetes.yaml", ["training.epochs=5"]],
    ["configs/digits.yaml", ["training.epochs=2"]],
    ["configs/digits_multilabel.yaml", ["training.epochs=2"]],
    ["configs/digits-cnn.yaml", ["training.epochs=1"]],
  ];
  for (const [config, sets] of shipped) {
    it(`${config}: probabilities (values) within 1e-5 and the same labels on every row`, async () => {
      const { rows } = await expectSame(config, sets);
      expect(rows).toBeGreaterThan(100);
    }, 60_000);
  }

  it("a CNN with same/valid conv, strides, batch_norm, avg/max pool (odd same pads), elu, leaky_relu, softplus", async () => {
    const layers = [
      { type: "reshape", target_shape: [8, 8, 1] },
      { type: "conv2d", filters: 4, kernel_size: 3, padding: "same", activation: "elu" },
      { type: "batch_norm", momentum: 0.5 },
      { type: "avg_pool2d", pool_size: 3, strides: 2, padding: "same" },
      { type: "conv2d", filters: 6, kernel_size: [2, 3], strides: [1, 2], padding: "same", activation: "leaky_relu" },
      { type: "max_pool2d", pool_size: 3, strides: 2, padding: "same" },
      { type: "batch_norm", momentum: 0.5, center: false },
      { type: "flatten" },
      { type: "dense", units: 8, activation: "softplus" },
      { type: "dropout", rate: 0.2 },
      { type: "dense", units: 10, activation: "softmax" },
    ];
    await expectSame("configs/digits-cnn.yaml", ["training.epochs=2", `model.layers=${JSON.stringify(layers)}`]);
  }, 60_000);

  it("a CNN with global_average_pool2d, valid conv, batch_norm after dense, sigmoid and tanh", async () => {
    const layers = [
      { type: "reshape", target_shape: [8, 8, 1] },
      { type: "conv2d", filters: 5, kernel_size: 3, activation: "tanh" },
      { type: "global_average_pool2d" },
      { type: "dense", units: 8, activation: "sigmoid" },
      { type: "batch_norm", momentum: 0.5, scale: false },
      { type: "dense", units: 10, activation: "softmax" },
    ];
    await expectSame("configs/digits-cnn.yaml", ["training.epochs=2", `model.layers=${JSON.stringify(layers)}`]);
  }, 60_000);

  it("categorical columns (text, and numeric codes in data.categorical) one-hot in the graph; an unseen category is all 0 as in predict", async () => {
    const dir = tmp("export-cat");
    const iris = readCsv(path.join(root, "datasets/iris.csv"));
    const colors = ["red", "green", "blue"];
    const lines = [["color", "code", ...iris.header].join(",")];
    iris.rows.forEach((r, i) => lines.push([colors[i % 3], String((i * 7) % 4), ...r].join(",")));
    writeFileSync(path.join(dir, "train.csv"), lines.join("\n") + "\n");
    const test = [["color", "code", ...iris.header].join(","), ...iris.rows.slice(0, 20).map((r, i) => [i < 5 ? "purple" : colors[i % 3], i < 3 ? "9" : String(i % 4), ...r].join(","))];
    writeFileSync(path.join(dir, "test.csv"), test.join("\n") + "\n");
    writeFileSync(path.join(dir, "cat.yaml"), readFileSync(path.join(root, "configs/iris.yaml"), "utf8").replace("../datasets/iris.csv", "train.csv").replace("target: species", "target: species\n  categorical: [code]"));
    const { worst } = await expectSame(path.join(dir, "cat.yaml"), ["training.epochs=5"], path.join(dir, "test.csv"));
    expect(worst).toBeLessThan(TOL);
  }, 60_000);

  it("names inputs and outputs and stores features and classes in metadata_props", async () => {
    const { session, file } = await compare(path.join(root, "configs/iris.yaml"), ["training.epochs=1"], path.join(root, "datasets/iris.csv"));
    expect(session.inputNames).toEqual(["numeric"]);
    expect(session.outputNames).toEqual(["probabilities", "label"]);
    const proto = onnxProto.onnx.ModelProto.decode(readFileSync(file));
    expect(proto.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([["", 19]]);
    const meta = Object.fromEntries(proto.metadataProps.map((m) => [m.key, m.value]));
    expect(JSON.parse(meta.features)).toEqual(["sepal_length", "sepal_width", "petal_length", "petal_width"]);
    expect(JSON.parse(meta.classes)).toEqual(["setosa", "versicolor", "virginica"]);
  }, 60_000);
});

describe("mltrain export: bad input", () => {
  const dir = tmp("export-bad");
  const good = path.join(dir, "good.onnx");
  writeFileSync(good, "keep me");
  const run = (args: string[]) => {
    const r = mltrain(["export", ...args], dir);
    return { code: r.code, stderr: r.stderr.replaceAll(dir, "DIR").replaceAll(path.relative(dir, root), "ROOT").replaceAll(root, "ROOT"), kept: readFileSync(good, "utf8") };
  };

  it("a missing model file: exit 2, one paragraph, the -o file untouched", () => {
    expect(run(["nope.json", "-o", good])).toMatchInlineSnapshot(`
      {
        "code": 2,
        "kept": "keep me",
        "stderr": "nope.json: cannot read mltrain-model file: no such file
      ",
      }
    `);
  });

  it("a file that is not a model: exit 2, the -o file untouched", () => {
    expect(run([path.join(root, "datasets/iris.csv"), "-o", good])).toMatchInlineSnapshot(`
      {
        "code": 2,
        "kept": "keep me",
        "stderr": "ROOT/datasets/iris.csv: not a mltrain-model file: it looks like a CSV file, not JSON; export takes the model.json that fit writes (e.g. runs/NAME/model.json)
      ",
      }
    `);
  });

  it("an unwritable -o path: exit 2, no stack, nothing written", () => {
    const d = tmp("export-unwritable");
    expect(mltrain(["fit", path.join(root, "configs/iris.yaml"), "-o", d, "--set", "training.epochs=1"], d).code).toBe(0);
    const r = mltrain(["export", path.join(d, "model.json"), "-o", path.join(d, "model.json", "x.onnx")], d);
    expect({ code: r.code, stderr: r.stderr.replaceAll(d, "DIR") }).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "DIR/model.json/x.onnx: cannot write DIR/model.json/x.onnx: EEXIST: file already exists, mkdir 'DIR/model.json'; choose a writable -o path
      ",
      }
    `);
    expect(existsSync(path.join(d, "model.json", "x.onnx"))).toBe(false);
  });
});
