// loadData on IDX images + labels (small generated files) and the named dataset's resolution order
// ($MLTRAIN_DATA, the cache, the Debian folder) with temp dirs.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { datasets, resolveDataset, searchDirs } from "../../src/data/datasets.js";
import { encodeIdx, type IdxType } from "../../src/data/idx.js";
import { loadData, loadForModel, type ModelData, type PreparedData } from "../../src/data/index.js";
import { sampleShape } from "../../src/data/idx_load.js";
import { dataConfig, errorOf } from "./helpers.js";

const dir = mkdtempSync(path.join(tmpdir(), "mltrain-idxload-"));
const put = (name: string, type: IdxType, dims: number[], values: number[]) => {
  const file = path.join(dir, name);
  writeFileSync(file, name.endsWith(".gz") ? gzipSync(encodeIdx(type, dims, values)) : encodeIdx(type, dims, values));
  return file;
};

// 12 images of 2x3 pixels: image i has pixels 10*i + (0..5); labels cycle 2, 0, 1 (so label order != first seen).
const N = 12;
const pixels = Array.from({ length: N * 6 }, (_, v) => 10 * Math.floor(v / 6) + (v % 6));
const labels = Array.from({ length: N }, (_, i) => [2, 0, 1][i % 3]);
const images = put("img-idx3-ubyte.gz", "u8", [N, 2, 3], pixels);
const labelsFile = put("lab-idx1-ubyte.gz", "u8", [N], labels);
const testImages = put("t-img.idx3", "u8", [3, 2, 3], [0, 255, 0, 255, 0, 255, 1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9]);
const testLabels = put("t-lab.idx1", "u8", [3], [1, 2, 0]);
const ordered = { train: 1, validation: 0, test: 0, shuffle: false, stratify: false };
const load = (over: Record<string, unknown>) => loadData(dataConfig({ format: "idx", path: images, labels: labelsFile, ...over }), { baseDir: dir, seed: 1 });

describe("loadData reads IDX images + labels as a multiclass table", () => {
  it("rescale 1/255 with normalize none is pixels/255 exactly (float32), flattened row-major to pixel_0..pixel_5", async () => {
    const d = await load({ rescale: "1/255", normalize: "none", split: ordered });
    expect(d.task).toBe("multiclass");
    expect(d.features).toEqual(["pixel_0", "pixel_1", "pixel_2", "pixel_3", "pixel_4", "pixel_5"]);
    expect(d.target).toEqual(["label"]);
    expect(d.classes).toEqual(["0", "1", "2"]);
    expect(Array.from(d.train.x)).toEqual(Array.from(Float32Array.from(pixels, (v) => v / 255)));
    expect(Array.from(d.train.y.subarray(0, 9))).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]); // labels 2, 0, 1 one-hot
    expect(Array.from(d.train.rowIds)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(d.source).toEqual({ file: expect.stringContaining("img-idx3-ubyte.gz"), rows: N });
  });

  it("standard: per pixel (x - mean) / std over the train rows, population std (tolerance 1e-6)", async () => {
    const d = await load({ split: ordered });
    // pixel j over images i = 0..11: 10 i + j; mean 55 + j, population std 10 * sqrt((12^2 - 1) / 12)
    const std = 10 * Math.sqrt(143 / 12);
    for (let i = 0; i < N; i++) for (let j = 0; j < 6; j++) expect(d.train.x[i * 6 + j]).toBeCloseTo((10 * i + j - (55 + j)) / std, 6);
    const p = d.preprocessing.columns[0];
    expect(p.kind === "numeric" && [p.shift, p.scale]).toEqual([55, std]);
  });

  it("each sample has the image's shape: [n, 2, 3] images are [2, 3, 1] (h, w, channels last); a CSV row is [features]", async () => {
    expect((await load({ split: ordered })).shape).toEqual([2, 3, 1]);
    expect(sampleShape([10, 28, 28])).toEqual([28, 28, 1]);
    expect(sampleShape([10, 32, 32, 3])).toEqual([32, 32, 3]);
    expect(sampleShape([10, 64])).toEqual([64]);
  });

  it("rescale is folded into the stored transform: minmax is unchanged by it, none stores scale = 255", async () => {
    const a = await load({ normalize: "minmax", split: ordered });
    const b = await load({ normalize: "minmax", rescale: "1/255", split: ordered });
    expect(Array.from(b.train.x)).toEqual(Array.from(a.train.x));
    const none = await load({ normalize: "none", rescale: "1/255", split: ordered });
    expect(none.preprocessing.columns[5]).toEqual({ name: "pixel_5", kind: "numeric", fill: null, shift: 0, scale: 255 });
  });

  it("rescale as a plain number multiplies, as Keras's Rescaling(scale): 0.5 stores scale 2 and halves every pixel", async () => {
    const d = await load({ normalize: "none", rescale: 0.5, split: ordered });
    expect(d.preprocessing.columns[0]).toEqual({ name: "pixel_0", kind: "numeric", fill: null, shift: 0, scale: 2 });
    expect(Array.from(d.train.x)).toEqual(Array.from(Float32Array.from(pixels, (v) => v / 2)));
  });

  it("limit keeps the first N images of the file", async () => {
    const d = await load({ limit: 5, normalize: "none", split: ordered });
    expect(d.train.rows).toBe(5);
    expect(d.source.rows).toBe(5);
    expect(Array.from(d.train.x.subarray(24, 30))).toEqual([40, 41, 42, 43, 44, 45]);
  });

  it("a test file: the test split is that file, train/validation split the training file (stratified counts 2+2+2 / 2+2+2)", async () => {
    const d = await load({ test_path: testImages, test_labels: testLabels, normalize: "none", split: { train: 0.5, validation: 0.5, test: 0 } });
    expect([d.train.rows, d.validation!.rows, d.test!.rows]).toEqual([6, 6, 3]);
    expect(Array.from(d.test!.x.subarray(0, 6))).toEqual([0, 255, 0, 255, 0, 255]);
    expect(Array.from(d.test!.y)).toEqual([0, 1, 0, 0, 0, 1, 1, 0, 0]);
    expect(d.source).toMatchObject({ rows: N, test_rows: 3 });
    const perClass = (y: Float32Array) => [0, 1, 2].map((c) => y.filter((v, i) => i % 3 === c && v === 1).length);
    expect(perClass(d.train.y)).toEqual([2, 2, 2]);
  });

  it("class_names name labels 0, 1, 2 and keep label order (not sorted)", async () => {
    const d = await load({ class_names: ["zeta", "alpha", "mid"], split: ordered });
    expect(d.classes).toEqual(["zeta", "alpha", "mid"]);
    expect(Array.from(d.train.y.subarray(0, 3))).toEqual([0, 0, 1]); // label 2 = "mid"
  });

  it("two labels make a binary task (y one 0/1 column, positive = the last class); fractional labels a regression", async () => {
    const two = put("two.idx1", "u8", [N], labels.map((l) => (l === 2 ? 7 : 3)));
    const b = await load({ labels: two, split: ordered });
    expect([b.task, b.classes, Array.from(b.train.y.subarray(0, 3))]).toEqual(["binary", ["3", "7"], [1, 0, 0]]);
    const real = put("real.idx1", "f32", [N], labels.map((l) => l + 0.5));
    const r = await load({ labels: real, split: ordered });
    expect([r.task, r.classes, Array.from(r.train.y.subarray(0, 3))]).toEqual(["regression", null, [2.5, 0.5, 1.5]]);
  });

  it("a test label the training labels do not have is a data.parse error naming the image", async () => {
    const odd = put("odd.idx1", "u8", [3], [1, 5, 0]);
    const e = await errorOf(load({ test_path: testImages, test_labels: odd, split: { train: 1, validation: 0, test: 0 } }));
    expect(e.replaceAll(dir, "DIR").replaceAll(path.relative(process.cwd(), dir), "DIR")).toMatchInlineSnapshot(`"data.parse | DIR/odd.idx1: label 5 of image 2 is not one of the training labels (0, 1, 2)"`);
  });

  it("a label without a class name is an error", async () => {
    const e = await errorOf(load({ class_names: ["a", "b"], split: ordered }));
    expect(e.replaceAll(dir, "DIR").replaceAll(path.relative(process.cwd(), dir), "DIR")).toMatchInlineSnapshot(`"data.parse | DIR/lab-idx1-ubyte.gz: data.class_names: label 2 of image 1 has no class name: there are 2 (labels 0 to 1)"`);
  });
});

describe("loadForModel (eval, predict) reads IDX images as fit did", () => {
  const modelOf = (d: PreparedData, labelNames?: string[]): ModelData => ({
    features: d.features,
    target: d.target,
    task: d.task,
    classes: d.classes,
    preprocessing: d.preprocessing,
    labelNames,
  });
  // the same 3 test images under MNIST-style names, so that the labels are found next to the images
  const setImages = put("set-images-idx3-ubyte.gz", "u8", [3, 2, 3], [0, 255, 0, 255, 0, 255, 1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9]);
  put("set-labels-idx1-ubyte.gz", "u8", [3], [1, 2, 0]);

  it("the rows and targets of loadData's test split, with the labels named like the images or given", async () => {
    const d = await load({ test_path: testImages, test_labels: testLabels, split: { train: 1, validation: 0, test: 0 } });
    for (const [file, labels] of [
      [setImages, undefined],
      [testImages, testLabels],
    ] as const) {
      const r = await loadForModel(file, modelOf(d), { requireTarget: true, labels });
      expect(r.rows).toBe(3);
      expect(Array.from(r.x)).toEqual(Array.from(d.test!.x));
      expect(Array.from(r.y!)).toEqual(Array.from(d.test!.y));
      expect(Array.from(r.rowIds)).toEqual([1, 2, 3]);
    }
    const p = await loadForModel(testImages, modelOf(d), { requireTarget: false });
    expect([p.y, Array.from(p.x)]).toEqual([null, Array.from(d.test!.x)]);
  });

  it("images of the model's pixel count but another shape than its input.shape are a data.mismatch", async () => {
    const d = await load({ split: { train: 1, validation: 0, test: 0 } });
    const turned = put("turned-images-idx3-ubyte", "u8", [1, 3, 2], [0, 1, 2, 3, 4, 5]);
    const e = await errorOf(loadForModel(turned, { ...modelOf(d), shape: d.shape }, { requireTarget: false }));
    expect(e.replaceAll(dir, "DIR").replaceAll(path.relative(process.cwd(), dir), "DIR")).toMatchInlineSnapshot(`"data.mismatch | DIR/turned-images-idx3-ubyte: the images are 3 x 2 x 1 (h x w x channels); the model was trained on 2 x 3 x 1 images (model.json input.shape)"`);
  });

  it("labels become the model's classes through the training names: class_names, or the label as text", async () => {
    const named = await load({ class_names: ["zeta", "alpha", "mid"], normalize: "none", split: ordered });
    const r = await loadForModel(setImages, modelOf(named, ["zeta", "alpha", "mid"]), { requireTarget: true });
    expect(Array.from(r.y!)).toEqual([0, 1, 0, 0, 0, 1, 1, 0, 0]); // labels 1, 2, 0 = alpha, mid, zeta
    // a model whose classes lack a label's name
    const odd = put("odd-images-idx3-ubyte", "u8", [1, 2, 3], [1, 2, 3, 4, 5, 6]);
    put("odd-labels-idx1-ubyte", "u8", [1], [7]);
    const e = await errorOf(loadForModel(odd, modelOf(named, ["zeta", "alpha", "mid"]), { requireTarget: true }));
    expect(e.replaceAll(dir, "DIR").replaceAll(path.relative(process.cwd(), dir), "DIR")).toMatchInlineSnapshot(`"data.mismatch | DIR/odd-labels-idx1-ubyte: label 7 of image 1 is not one of the model's classes (zeta, alpha, mid)"`);
  });

  it("errors: no labels file, images of another size, --keep (IDX has no columns)", async () => {
    const d = await load({ split: ordered });
    const clean = (e: string) => e.replaceAll(dir, "DIR").replaceAll(path.relative(process.cwd(), dir), "DIR");
    expect(clean(await errorOf(loadForModel(testImages, modelOf(d), { requireTarget: true })))).toMatchInlineSnapshot(`"data.io | DIR/t-img.idx3: no labels file for these IDX images: name it with --labels FILE (none named like the images was found next to them)"`);
    const wide = put("wide-images-idx3-ubyte", "u8", [1, 2, 4], [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(clean(await errorOf(loadForModel(wide, modelOf(d), { requireTarget: false })))).toMatchInlineSnapshot(`"data.mismatch | DIR/wide-images-idx3-ubyte: the images have 8 values each (features pixel_0 … pixel_7); the model needs 6 features"`);
    expect(clean(await errorOf(loadForModel(setImages, modelOf(d), { requireTarget: false, keep: ["id"] })))).toMatchInlineSnapshot(`"data.mismatch | DIR/set-images-idx3-ubyte.gz: --keep copies CSV columns; IDX images have none (asked for id)"`);
  });

  it("a dataset name that is not a file means that dataset's test images and labels", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "mltrain-evalset-"));
    const folder = path.join(root, "fashion-mnist");
    mkdirSync(folder);
    const f = datasets["fashion-mnist"].files;
    const write = (name: string, type: IdxType, dims: number[], values: number[]) => writeFileSync(path.join(folder, name), gzipSync(encodeIdx(type, dims, values)));
    write(f.train_images.name, "u8", [1, 2, 3], [0, 0, 0, 0, 0, 0]);
    write(f.train_labels.name, "u8", [1], [0]);
    write(f.test_images.name, "u8", [2, 2, 3], [1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1]);
    write(f.test_labels.name, "u8", [2], [9, 0]);
    const classes = datasets["fashion-mnist"].classes;
    const d = await load({ split: ordered, normalize: "none" });
    const model: ModelData = { ...modelOf(d), classes: [...classes] };
    const cwd = process.cwd();
    const r = await loadForModel(path.join(cwd, "fashion-mnist"), model, { requireTarget: true, env: { MLTRAIN_DATA: root, HOME: root } });
    expect(Array.from(r.x)).toEqual([1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1]);
    expect([r.y![9], r.y![10]]).toEqual([1, 1]); // "Ankle boot" (label 9), then "T-shirt/top" (label 0)
    // a model fit on the IDX files without class_names has classes "0".."9": the labels stay numbers
    const digits: ModelData = { ...modelOf(d), classes: classes.map((_, v) => String(v)) };
    const r2 = await loadForModel(path.join(cwd, "fashion-mnist"), digits, { requireTarget: true, env: { MLTRAIN_DATA: root, HOME: root } });
    expect([r2.y![9], r2.y![10]]).toEqual([1, 1]); // class "9", then class "0"
  });
});

describe("the named dataset fashion-mnist resolves $MLTRAIN_DATA, then ~/.cache/mltrain, then the Debian folder", () => {
  const names = Object.values(datasets["fashion-mnist"].files).map((f) => f.name);
  const fill = (folder: string, files = names) => {
    mkdirSync(folder, { recursive: true });
    for (const f of files) writeFileSync(path.join(folder, f), "x");
    return folder;
  };
  const root = mkdtempSync(path.join(tmpdir(), "mltrain-resolve-"));
  const dataRoot = path.join(root, "data");
  const home = path.join(root, "home");
  const system = path.join(root, "usr-share");
  const env = { MLTRAIN_DATA: dataRoot, HOME: home };

  it("searches the three folders in order (MLTRAIN_DATA only when set)", () => {
    expect(searchDirs("fashion-mnist", env, system)).toEqual([path.join(dataRoot, "fashion-mnist"), path.join(home, ".cache/mltrain/fashion-mnist"), system]);
    expect(searchDirs("fashion-mnist", { HOME: home })).toEqual([path.join(home, ".cache/mltrain/fashion-mnist"), "/usr/share/datasets/fashion-mnist"]);
  });

  it("takes the first folder holding all four files; a partial folder is passed over", () => {
    const none = () => errorOf(Promise.resolve().then(() => resolveDataset("fashion-mnist", env, system)));
    return (async () => {
      expect((await none()).replaceAll(root, "ROOT")).toMatchInlineSnapshot(`"data.io | mltrain: dataset fashion-mnist not found: looked in ROOT/data/fashion-mnist, ROOT/home/.cache/mltrain/fashion-mnist, ROOT/usr-share. Get it with \`sudo apt-get install dataset-fashion-mnist\` (Debian/Ubuntu) or \`mltrain data fetch fashion-mnist\` (downloads 4 files from http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/ into ROOT/data/fashion-mnist)"`);
      fill(system);
      expect(resolveDataset("fashion-mnist", env, system).dir).toBe(system);
      fill(path.join(home, ".cache/mltrain/fashion-mnist"));
      expect(resolveDataset("fashion-mnist", env, system).dir).toBe(path.join(home, ".cache/mltrain/fashion-mnist"));
      fill(path.join(dataRoot, "fashion-mnist"), names.slice(0, 3)); // one file short
      expect(resolveDataset("fashion-mnist", env, system).dir).toBe(path.join(home, ".cache/mltrain/fashion-mnist"));
      fill(path.join(dataRoot, "fashion-mnist"));
      const r = resolveDataset("fashion-mnist", env, system);
      expect(r.dir).toBe(path.join(dataRoot, "fashion-mnist"));
      expect(r.trainImages).toBe(path.join(dataRoot, "fashion-mnist", "train-images-idx3-ubyte.gz"));
    })();
  });

  it("its classes are the ten names in label order", () => {
    expect(datasets["fashion-mnist"].classes).toEqual(["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]);
  });
});
