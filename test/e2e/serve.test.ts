// `mltrain serve` over real HTTP on 127.0.0.1 (port 0): the answers are `mltrain predict`'s numbers for
// the same rows (JSON rows, a CSV body, single rows batched with others), for a multiclass, a categorical,
// a binary, a regression model and a CNN; bad bodies are refused with messages naming row and field;
// requests arriving together share a forward pass (counted by /health); SIGTERM answers what is in flight
// and exits 0.
import { readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mltrain, root, tmp } from "./cli.js";
import { getJson, predict, serve, type Served } from "./server.js";

const dir = tmp("serve");

/** fit CONFIG into dir/NAME (a few epochs): the model.json path. */
function fit(config: string, name: string, sets: string[]): string {
  const r = mltrain(["fit", config, "-o", path.join(dir, name), "--verbose", "0", ...sets.flatMap((s) => ["--set", s])], dir);
  expect(r.code, r.stderr).toBe(0);
  return path.join(dir, name, "model.json");
}

/** A plain CSV (no quotes) as header + rows of cells. */
function readCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.trim().split(/\r?\n/);
  return { header: lines[0].split(","), rows: lines.slice(1).map((l) => l.split(",")) };
}

/** The CSV's rows as JSON objects: numbers where the cell is one, else the text. */
function jsonRows(csv: { header: string[]; rows: string[][] }): Record<string, string | number>[] {
  return csv.rows.map((r) => Object.fromEntries(csv.header.map((h, j) => [h, r[j] !== "" && Number.isFinite(Number(r[j])) ? Number(r[j]) : r[j]])));
}

/** predict's CSV as the JSON serve should answer: the same cells, as JSON values. */
function expectedJson(predictCsv: string, task: string): { predictions: unknown[]; probabilities?: unknown[] } {
  const t = readCsv(predictCsv);
  const p = t.header.flatMap((h, j) => (h.startsWith("p_") ? [j] : []));
  const at = t.header.indexOf("prediction");
  if (task === "regression") return { predictions: t.rows.map((r) => Number(r[at])) };
  return { predictions: t.rows.map((r) => r[at]), probabilities: t.rows.map((r) => p.map((j) => Number(r[j]))) };
}

/** Every row's answer equals predict's, sent three ways: all rows as JSON, the CSV file as the body, and the first 24 rows one per request, concurrently. */
async function expectPredictsLike(model: string, data: string, args: string[] = []) {
  const task = JSON.parse(readFileSync(model, "utf8")).task;
  const pred = mltrain(["predict", model, data], dir);
  expect(pred.code, pred.stderr).toBe(0);
  const want = expectedJson(pred.stdout, task);
  const text = readFileSync(data, "utf8");
  const rows = jsonRows(readCsv(text));
  const server = await serve(model, args, dir);
  try {
    const json = await predict(server.url, { rows });
    expect(json.status).toBe(200);
    expect(json.body).toEqual(want);
    const csv = await predict(server.url, text);
    expect(csv.status).toBe(200);
    expect(csv.body).toEqual(want);
    const single = await Promise.all(rows.slice(0, 24).map((row) => predict(server.url, { rows: [row] })));
    single.forEach((s, i) => {
      expect(s.body.predictions).toEqual([want.predictions[i]]);
      if (want.probabilities) expect(s.body.probabilities).toEqual([want.probabilities[i]]);
    });
    return { rows: rows.length, server };
  } finally {
    expect((await server.stop()).code).toBe(0);
  }
}

describe("mltrain serve answers with predict's numbers", () => {
  it("iris (multiclass): labels and the three probabilities of every row", async () => {
    const model = fit(path.join(root, "configs/iris.yaml"), "iris", ["training.epochs=5"]);
    expect((await expectPredictsLike(model, path.join(root, "datasets/iris.csv"))).rows).toBe(150);
  });

  it("a categorical iris (a text column and data.categorical codes)", async () => {
    const iris = readCsv(readFileSync(path.join(root, "datasets/iris.csv"), "utf8"));
    const colors = ["red", "green", "blue"];
    const lines = [["color", "code", ...iris.header].join(",")];
    iris.rows.forEach((r, i) => lines.push([colors[i % 3], String((i * 7) % 4), ...r].join(",")));
    writeFileSync(path.join(dir, "cat.csv"), lines.join("\n") + "\n");
    const config = path.join(dir, "cat.yaml");
    writeFileSync(config, readFileSync(path.join(root, "configs/iris.yaml"), "utf8").replace("../datasets/iris.csv", "cat.csv").replace("target: species", "target: species\n  categorical: [code]"));
    const model = fit(config, "cat", ["training.epochs=5"]);
    await expectPredictsLike(model, path.join(dir, "cat.csv"));
  });

  it("breast_cancer (binary): [p_benign, p_malignant] and the label", async () => {
    const model = fit(path.join(root, "configs/breast_cancer.yaml"), "bc", ["training.epochs=5"]);
    expect((await expectPredictsLike(model, path.join(root, "datasets/breast_cancer.csv"))).rows).toBe(569);
  });

  it("diabetes (regression): the values, no probabilities", async () => {
    const model = fit(path.join(root, "configs/diabetes.yaml"), "diabetes", ["training.epochs=5"]);
    expect((await expectPredictsLike(model, path.join(root, "datasets/diabetes.csv"))).rows).toBe(442);
  });

  it("digits-cnn (reshape, conv2d, max_pool2d): every one of the 1797 rows", async () => {
    const model = fit(path.join(root, "configs/digits-cnn.yaml"), "cnn", ["training.epochs=1"]);
    // 1797 rows of 64 named pixels are 1.7 MB of JSON: past the default 1 MiB body limit
    expect((await expectPredictsLike(model, path.join(root, "datasets/digits.csv"), ["--body-limit", "4mb"])).rows).toBe(1797);
  });
});

describe("GET /model and GET /health", () => {
  it("/model: features, classes, task, layers and the input shape; /health counts requests and passes", async () => {
    const server = await serve(fit(path.join(root, "configs/digits-cnn.yaml"), "cnn-info", ["training.epochs=1"]), [], dir);
    try {
      const info = await getJson(`${server.url}/model`);
      expect({ ...info, features: info.features.length, inputs: info.inputs.length }).toMatchInlineSnapshot(`
        {
          "classes": [
            "0",
            "1",
            "2",
            "3",
            "4",
            "5",
            "6",
            "7",
            "8",
            "9",
          ],
          "features": 64,
          "input_shape": [
            null,
            64,
          ],
          "inputs": 64,
          "layers": [
            {
              "name": "reshape",
              "output_shape": [
                null,
                8,
                8,
                1,
              ],
              "params": 0,
              "type": "reshape",
            },
            {
              "name": "conv2d",
              "output_shape": [
                null,
                8,
                8,
                16,
              ],
              "params": 160,
              "type": "conv2d",
            },
            {
              "name": "max_pool2d",
              "output_shape": [
                null,
                4,
                4,
                16,
              ],
              "params": 0,
              "type": "max_pool2d",
            },
            {
              "name": "conv2d_1",
              "output_shape": [
                null,
                4,
                4,
                32,
              ],
              "params": 4640,
              "type": "conv2d",
            },
            {
              "name": "max_pool2d_1",
              "output_shape": [
                null,
                2,
                2,
                32,
              ],
              "params": 0,
              "type": "max_pool2d",
            },
            {
              "name": "flatten",
              "output_shape": [
                null,
                128,
              ],
              "params": 0,
              "type": "flatten",
            },
            {
              "name": "dropout",
              "output_shape": [
                null,
                128,
              ],
              "params": 0,
              "type": "dropout",
            },
            {
              "name": "dense",
              "output_shape": [
                null,
                10,
              ],
              "params": 1290,
              "type": "dense",
            },
          ],
          "name": "digits-cnn",
          "output_shape": [
            null,
            10,
          ],
          "params": 6090,
          "target": [
            "digit",
          ],
          "task": "multiclass",
        }
      `);
      expect(info.features[0]).toEqual({ name: "pixel_0_0", type: "number" });
      expect(await getJson(`${server.url}/health`)).toEqual({ status: "ok", requests: 0, forward_passes: 0, rows_predicted: 0, waiting_rows: 0, batching: { max_batch: 256, max_wait_ms: 2 } });
    } finally {
      await server.stop();
    }
  });
});
