// Convolutional networks end to end: configs/digits-cnn.yaml (the shipped 8x8 digits CSV through
// reshape) through summary, fit (and its report's shape column), eval and predict in a temp dir; shape
// errors at the layer's YAML line; a model.json whose conv kernel or batch_norm vectors have the wrong
// shape. Needs dist/.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mltrain, root, tmp } from "./cli.js";

const cnn = path.join(root, "configs", "digits-cnn.yaml");
const digits = path.join(root, "datasets", "digits.csv");

/** A config file in cwd: the digits CSV and `layers` (YAML flow lines, one per layer). */
function config(cwd: string, name: string, layers: string[], extra = ""): string {
  const text = [
    "data:",
    `  path: ${digits}`,
    "  target: digit",
    "  task: multiclass",
    "  rescale: 1/16",
    "  normalize: none",
    "model:",
    "  layers:",
    ...layers.map((l) => `    - ${l}`),
    "training: { epochs: 2, batch_size: 64 }",
    extra,
  ].join("\n");
  writeFileSync(path.join(cwd, name), text + "\n");
  return name;
}

describe("configs/digits-cnn.yaml", () => {
  it("summary prints Keras's output shapes and parameter counts", () => {
    const r = mltrain(["summary", cnn], tmp("cnn"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "Model: "digits-cnn"
      _________________________________________________________________
       Layer (type)                Output Shape              Param #
      =================================================================
       input (Input)               (None, 64)                0
       reshape (Reshape)           (None, 8, 8, 1)           0
       conv2d (Conv2D)             (None, 8, 8, 16)          160
       max_pool2d (MaxPooling2D)   (None, 4, 4, 16)          0
       conv2d_1 (Conv2D)           (None, 4, 4, 32)          4,640
       max_pool2d_1 (MaxPooling2D) (None, 2, 2, 32)          0
       flatten (Flatten)           (None, 128)               0
       dropout (Dropout)           (None, 128)               0
       dense (Dense)               (None, 10)                1,290
      =================================================================
      Total params: 6,090
      Trainable params: 6,090
      Non-trainable params: 0
      _________________________________________________________________
      "
    `);
  });

  it("fit --report, then eval and predict with the saved conv model: exit 0, HWIO kernels, input.shape, the report's Keras shapes, test accuracy above 0.8", () => {
    const cwd = tmp("cnn");
    const fit = mltrain(["fit", cnn, "--set", "training.epochs=10", "-o", "run", "--report"], cwd);
    expect(fit.stderr).toBe("");
    expect(fit.code).toBe(0);
    expect(fit.stdout).toMatch(/^Epoch 10\/10$/m);
    const model = JSON.parse(readFileSync(path.join(cwd, "run", "model.json"), "utf8"));
    expect(model.input.shape).toEqual([64]);
    expect(model.layers.map((l: { type: string }) => l.type)).toEqual(["reshape", "conv2d", "max_pool2d", "conv2d", "max_pool2d", "flatten", "dropout", "dense"]);
    const k = model.layers[3].weights.kernel;
    expect([k.length, k[0].length, k[0][0].length, k[0][0][0].length]).toEqual([3, 3, 16, 32]); // [kh][kw][cin][filters]
    const report = JSON.parse(readFileSync(path.join(cwd, "run", "metrics.json"), "utf8"));
    expect(report.model.layers[1]).toEqual({ name: "conv2d", type: "conv2d", output_shape: [null, 8, 8, 16], params: 160 });
    expect(report.evaluation.test.accuracy).toBeGreaterThan(0.8);
    // report.html's model table: the output shapes as `mltrain summary` prints them
    const table = /<table class="model">(.*?)<\/table>/s.exec(readFileSync(path.join(cwd, "run", "report.html"), "utf8"))?.[1] ?? "";
    const shapes = [...table.matchAll(/<tr><td>[^<]+<\/td><td>([^<]+)<\/td>/g)].map((m) => m[1]);
    expect(shapes).toEqual(["(None, 8, 8, 1)", "(None, 8, 8, 16)", "(None, 4, 4, 16)", "(None, 4, 4, 32)", "(None, 2, 2, 32)", "(None, 128)", "(None, 128)", "(None, 10)"]);

    const ev = mltrain(["eval", "run/model.json", digits, "--json"], cwd);
    expect(ev.code).toBe(0);
    expect(JSON.parse(ev.stdout).metrics.accuracy).toBeGreaterThan(0.8);
    const pr = mltrain(["predict", "run/model.json", digits, "-o", "pred.csv"], cwd);
    expect(pr.code).toBe(0);
    const lines = readFileSync(path.join(cwd, "pred.csv"), "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(1 + 1797);
  });

  it("a model.json whose conv kernel or batch_norm vector has the wrong shape: exit 2, the file, expected and found", () => {
    const cwd = tmp("cnn");
    const file = config(cwd, "bn.yaml", [
      "{ type: reshape, target_shape: [8, 8, 1] }",
      "{ type: conv2d, filters: 4, kernel_size: 3 }",
      "{ type: batch_norm }",
      "{ type: flatten }",
      "{ type: dense, activation: softmax }",
    ]);
    expect(mltrain(["fit", file, "-o", "run", "--verbose", "0"], cwd).code).toBe(0);
    const saved = JSON.parse(readFileSync(path.join(cwd, "run", "model.json"), "utf8"));
    const kernel = structuredClone(saved);
    kernel.layers[1].weights.kernel.pop(); // a kernel row missing: [2][3][1][4]
    writeFileSync(path.join(cwd, "kernel.json"), JSON.stringify(kernel));
    const bn = structuredClone(saved);
    bn.layers[2].weights.moving_variance.push(1);
    writeFileSync(path.join(cwd, "bn.json"), JSON.stringify(bn));
    const bad = (command: string, name: string): string => {
      writeFileSync(path.join(cwd, "out.csv"), "keep me\n");
      const r = mltrain([command, name, digits, ...(command === "predict" ? ["-o", "out.csv"] : [])], cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readFileSync(path.join(cwd, "out.csv"), "utf8")).toBe("keep me\n");
      return r.stderr.trim();
    };
    expect(bad("eval", "kernel.json")).toMatchInlineSnapshot(`"kernel.json: corrupted model file: layer 2 (conv2d): kernel has shape [2, 3, 1, 4], expected [3, 3, 1, 4]"`);
    expect(bad("predict", "bn.json")).toMatchInlineSnapshot(`"bn.json: corrupted model file: layer 3 (batch_norm): moving_variance has shape [5], expected [4]"`);
  });

  it("batch_norm runs are byte-identical: the same config and seed give the same model.json", () => {
    const cwd = tmp("cnn");
    const file = config(cwd, "bn.yaml", [
      "{ type: reshape, target_shape: [8, 8, 1] }",
      "{ type: conv2d, filters: 4, kernel_size: 3, activation: relu }",
      "{ type: batch_norm }",
      "{ type: dropout, rate: 0.2 }",
      "{ type: global_average_pool2d }",
      "{ type: dense, activation: softmax }",
    ]);
    for (const out of ["a", "b"]) expect(mltrain(["fit", file, "-o", out, "--verbose", "0"], cwd).code).toBe(0);
    const read = (d: string) => readFileSync(path.join(cwd, d, "model.json"), "utf8");
    expect(read("a")).toBe(read("b"));
    expect(JSON.parse(read("a")).layers[2].weights.moving_mean).toHaveLength(4);
  });
});

describe("shapes that cannot work are config errors at the layer's line (exit 2)", () => {
  const fitError = (layers: string[]): string => {
    const cwd = tmp("cnn");
    const r = mltrain(["fit", config(cwd, "bad.yaml", layers), "-o", "run"], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    return r.stderr.trim();
  };
  it("a kernel larger than its input", () => {
    const layers = [
      "{ type: reshape, target_shape: [8, 8, 1] }",
      "{ type: conv2d, filters: 4, kernel_size: 3 }",
      "{ type: max_pool2d }",
      "{ type: conv2d, filters: 4, kernel_size: 5 }",
      "{ type: flatten }",
      "{ type: dense, activation: softmax }",
    ];
    expect(fitError(layers)).toMatchInlineSnapshot(`
      "bad.yaml:12:48: model.layers[3].kernel_size: 5x5 does not fit this layer's 3x3 input; use padding: same or a smaller kernel
      mltrain: bad.yaml: the model's layers do not fit the data's samples of shape [64] (1 problem); nothing was run"
    `);
  });
  it("a conv layer on a flat input without reshape", () => {
    expect(fitError(["{ type: conv2d, filters: 4, kernel_size: 3 }", "{ type: flatten }", "{ type: dense, activation: softmax }"])).toMatchInlineSnapshot(`
      "bad.yaml:9:15: model.layers[0].type: conv2d needs an image input [h, w, channels], got (None, 64); put a reshape (target_shape: [h, w, channels]) before it
      mltrain: bad.yaml: the model's layers do not fit the data's samples of shape [64] (1 problem); nothing was run"
    `);
  });
  it("a reshape whose size differs from the input's", () => {
    expect(fitError(["{ type: reshape, target_shape: [8, 8, 2] }", "{ type: flatten }", "{ type: dense, activation: softmax }"])).toMatchInlineSnapshot(`
      "bad.yaml:9:38: model.layers[0].target_shape: [8, 8, 2] holds 128 values, but this layer's input (None, 64) has 64; the sizes must be equal
      mltrain: bad.yaml: the model's layers do not fit the data's samples of shape [64] (1 problem); nothing was run"
    `);
  });
});
