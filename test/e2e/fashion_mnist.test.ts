// REF-MLP (configs/fashion-mnist-mlp.yaml) through the real CLI for one epoch on the first 3000 images of
// each file. Needs the named dataset (.ci/run installs Debian's dataset-fashion-mnist) and dist/
// (`npm test` builds first; alone: npm run build && npx vitest run test/e2e/fashion_mnist.test.ts).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveDataset } from "../../src/data/datasets.js";
import { readIdx } from "../../src/data/idx.js";
import { bin, mltrain, plainEnv, root, tmp } from "./cli.js";

const config = path.join(root, "configs", "fashion-mnist-mlp.yaml");

describe("configs/fashion-mnist-mlp.yaml end to end", () => {
  it("one epoch on 3000 images: exit 0, 784 -> 128 -> 10, the run folder, class names in label order, test accuracy well above chance (0.1); eval and predict on the test set", async () => {
    const cwd = tmp("fmnist");
    const r = mltrain(["fit", config, "--set", "data.limit=3000", "--set", "training.epochs=1", "-o", "run"], cwd);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").slice(0, 2).join("\n").replace(/ - \d+s/, " - Xs").replace(/\d\.\d{4}/g, "N")).toBe(
      "Epoch 1/1\n85/85 - Xs - loss: N - accuracy: N - val_loss: N - val_accuracy: N - lr: N", // ceil(2701 train rows / 32)
    );
    expect(r.stdout).toContain("Test (3000 rows): loss (log_loss): ");
    for (const f of ["model.json", "metrics.json", "history.csv", "config.yaml", "checkpoint.json"]) expect(existsSync(path.join(cwd, "run", f))).toBe(true);

    const model = JSON.parse(readFileSync(path.join(cwd, "run", "model.json"), "utf8"));
    expect(model.output.classes).toEqual(["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]);
    expect(model.input.features).toHaveLength(784);
    expect([model.input.features[0], model.input.features[783]]).toEqual(["pixel_0", "pixel_783"]);
    expect(model.input.preprocessing.columns[100]).toEqual({ name: "pixel_100", kind: "numeric", fill: null, shift: 0, scale: 255 });
    expect(model.layers.map((l: { weights?: { kernel: number[][] } }) => l.weights && [l.weights.kernel.length, l.weights.kernel[0].length])).toEqual([[784, 128], [128, 10]]);

    const report = JSON.parse(readFileSync(path.join(cwd, "run", "metrics.json"), "utf8"));
    expect(report.data.rows).toEqual({ train: 2701, validation: 299, test: 3000 }); // 0.9/0.1 stratified: rounded per class
    expect(report.evaluation.test.accuracy).toBeGreaterThan(0.6); // chance is 0.1; one epoch on 2700 images reaches ~0.75

    // eval and predict on the dataset's 10,000 test images by its name; the two agree exactly
    const ev = mltrain(["eval", "run/model.json", "fashion-mnist", "--json"], cwd);
    expect([ev.code, ev.stderr]).toEqual([0, ""]);
    const scored = JSON.parse(ev.stdout);
    expect([scored.data, scored.rows, scored.task]).toEqual(["fashion-mnist", 10000, "multiclass"]);
    expect(scored.metrics.accuracy).toBeGreaterThan(0.6);
    const pr = mltrain(["predict", "run/model.json", "fashion-mnist"], cwd);
    expect([pr.code, pr.stderr]).toEqual([0, ""]);
    const lines = pr.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`row,prediction,${model.output.classes.map((c: string) => `p_${c}`).join(",")}`);
    expect(lines).toHaveLength(10001);
    const truth = (await readIdx(resolveDataset("fashion-mnist").testLabels)).data;
    const right = lines.slice(1).filter((l, i) => l.split(",")[1] === model.output.classes[truth[i]]).length;
    expect(right / 10000).toBe(scored.metrics.accuracy);
    // the images file itself, its labels found next to it: the same score
    const byFile = mltrain(["eval", "run/model.json", resolveDataset("fashion-mnist").testImages, "--json"], cwd);
    expect(JSON.parse(byFile.stdout).metrics).toEqual(scored.metrics);

    // a reader that leaves early (| head -1) ends predict quietly, exit 0
    const piped = spawnSync("bash", ["-o", "pipefail", "-c", `"${process.execPath}" "${bin}" predict run/model.json fashion-mnist | head -1`], {
      cwd,
      env: plainEnv(),
      encoding: "utf8",
    });
    expect([piped.status, piped.stderr, piped.stdout]).toEqual([0, "", lines[0] + "\n"]);
  });
});
