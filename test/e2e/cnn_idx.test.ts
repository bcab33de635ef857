// A conv model on IDX images end to end: generated 6x6 images (two classes: a bright left or right
// half), fit from IDX files (samples [6, 6, 1], no reshape), eval and predict on IDX test images, and
// images of another shape refused (exit 2, the file, both shapes, nothing overwritten). Needs dist/.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { encodeIdx } from "../../src/data/idx.js";
import { mltrain, tmp } from "./cli.js";

/** n images h x w: label 0 has its left half bright, label 1 its right half (plus a little noise). */
function images(n: number, h: number, w: number, seed: number): { pixels: number[]; labels: number[] } {
  let s = seed;
  const noise = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 40;
  const pixels: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    labels.push(label);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) pixels.push(Math.round((x < w / 2) === (label === 0) ? 200 + noise() / 4 : noise()));
  }
  return { pixels, labels };
}

function put(dir: string, name: string, n: number, h: number, w: number, seed: number): void {
  const { pixels, labels } = images(n, h, w, seed);
  writeFileSync(path.join(dir, `${name}-images-idx3-ubyte`), encodeIdx("u8", [n, h, w], pixels));
  writeFileSync(path.join(dir, `${name}-labels-idx1-ubyte`), encodeIdx("u8", [n], labels));
}

describe("a conv model on IDX images", () => {
  it("fits on [6, 6, 1] samples, scores and predicts IDX test images; images of another shape are exit 2", () => {
    const cwd = tmp("cnn-idx");
    put(cwd, "train", 200, 6, 6, 1);
    put(cwd, "test", 40, 6, 6, 2);
    put(cwd, "wide", 10, 4, 9, 3); // 36 pixels too, but 4 x 9
    writeFileSync(
      path.join(cwd, "cnn.yaml"),
      [
        "data: { path: train-images-idx3-ubyte, labels: train-labels-idx1-ubyte, test_path: test-images-idx3-ubyte,",
        "        test_labels: test-labels-idx1-ubyte, task: binary, rescale: 1/255, normalize: none, split: { train: 0.8, validation: 0.2 } }",
        "model:",
        "  layers:",
        "    - { type: conv2d, filters: 4, kernel_size: 3, activation: relu }",
        "    - { type: batch_norm }",
        "    - { type: max_pool2d, padding: same }",
        "    - { type: flatten }",
        "    - { type: dense, activation: sigmoid }",
        "optimizer: { type: adam, learning_rate: 0.01 }",
        "training: { epochs: 5, batch_size: 16 }",
      ].join("\n") + "\n",
    );
    const fit = mltrain(["fit", "cnn.yaml", "-o", "run", "--verbose", "0"], cwd);
    expect(fit.stderr).toBe("");
    expect(fit.code).toBe(0);
    const model = JSON.parse(readFileSync(path.join(cwd, "run", "model.json"), "utf8"));
    expect(model.input.shape).toEqual([6, 6, 1]);
    const report = JSON.parse(readFileSync(path.join(cwd, "run", "metrics.json"), "utf8"));
    expect(report.model.layers.map((l: { output_shape: unknown }) => l.output_shape)).toEqual([[null, 4, 4, 4], [null, 4, 4, 4], [null, 2, 2, 4], [null, 16], [null, 1]]);

    const ev = mltrain(["eval", "run/model.json", "test-images-idx3-ubyte", "--json"], cwd);
    expect(ev.code).toBe(0);
    expect(JSON.parse(ev.stdout).metrics.accuracy).toBeGreaterThan(0.9); // the halves are easy to tell apart
    const pr = mltrain(["predict", "run/model.json", "test-images-idx3-ubyte", "-o", "pred.csv"], cwd);
    expect(pr.code).toBe(0);
    expect(readFileSync(path.join(cwd, "pred.csv"), "utf8").trimEnd().split("\n")).toHaveLength(41);

    writeFileSync(path.join(cwd, "pred.csv"), "keep me\n");
    const wide = mltrain(["predict", "run/model.json", "wide-images-idx3-ubyte", "-o", "pred.csv"], cwd);
    expect(wide.code).toBe(2);
    expect(wide.stderr.trim()).toMatchInlineSnapshot(`"wide-images-idx3-ubyte: the images are 4 x 9 x 1 (h x w x channels); the model was trained on 6 x 6 x 1 images (model.json input.shape)"`);
    expect(readFileSync(path.join(cwd, "pred.csv"), "utf8")).toBe("keep me\n");
  });
});
