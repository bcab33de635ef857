// Image folders end to end through bin/mltrain.js: fit a CNN on a class-folder tree of Fashion-MNIST
// PNGs and JPEGs (written into a temp dir), eval the tree, predict files and a folder, the report's
// thumbnails; the decoded-image cache reused (a second run decodes nothing; the entries are not
// rewritten); bad input exit 2 naming the file, nothing overwritten. Needs dist/.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeFashionFolder } from "../data/image_folders.js";
import { mltrain, root, tmp } from "./cli.js";

const config = (over = "") => `seed: 3
data:
  format: images
  path: fm
  image_size: [28, 28]
  color_mode: grayscale
  rescale: 1/255
  normalize: none
  split: { train: 0.7, validation: 0.15, test: 0.15 }
${over}model:
  layers:
    - { type: conv2d, filters: 4, kernel_size: 3, activation: relu }
    - { type: max_pool2d, pool_size: 2 }
    - { type: flatten }
    - { type: dense, activation: softmax }
optimizer: { type: adam, learning_rate: 0.01 }
training: { epochs: 2, batch_size: 32 }
`;

/** Every cache entry with its mtime. */
function cacheState(cache: string): Record<string, number> {
  const dir = path.join(cache, "images");
  const out: Record<string, number> = {};
  for (const d of readdirSync(dir)) for (const f of readdirSync(path.join(dir, d))) out[`${d}/${f}`] = statSync(path.join(dir, d, f)).mtimeMs;
  return out;
}

let cwd: string;
let cache: string;
beforeAll(async () => {
  cwd = tmp("images-e2e");
  cache = path.join(cwd, "cache");
  process.env.MLTRAIN_CACHE = cache; // mltrain() passes the test's environment on
  await writeFashionFolder(path.join(cwd, "fm"), 200);
  writeFileSync(path.join(cwd, "fm", "README.txt"), "made by the test\n");
  writeFileSync(path.join(cwd, "cnn.yaml"), config());
});

describe("mltrain on an image folder", () => {
  it("fits, then eval DIR and predict files / DIR decode nothing again (the cache)", () => {
    const dry = mltrain(["fit", "cnn.yaml", "--dry-run"], cwd);
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("(None, 28, 28, 1)");
    expect(dry.stdout).toContain("Rows: train 139, validation 32, test 29\n"); // stratified: per class floor + largest remainder
    expect(dry.stdout).toContain(`Data: fm: 200 images, 200 decoded, 0 from the cache (${path.join(cache, "images")})\n`);
    expect(dry.stdout).toContain("Data: fm: ignored 1 file that is not PNG or JPEG (by content) or not in a class folder: fm/README.txt\n");
    expect(existsSync(path.join(cwd, "runs"))).toBe(false);
    const before = cacheState(cache);
    expect(Object.keys(before)).toHaveLength(200);

    const fit = mltrain(["fit", "cnn.yaml", "-o", "run"], cwd);
    expect(fit.stderr).toBe("");
    expect(fit.code).toBe(0);
    expect(fit.stdout).toContain(`Data: fm: 200 images, 0 decoded, 200 from the cache`);
    expect(fit.stdout).toMatch(/Epoch 2\/2\n5\/5 - \d+s - loss: /);
    expect(cacheState(cache)).toEqual(before); // read, not rewritten

    const model = JSON.parse(readFileSync(path.join(cwd, "run", "model.json"), "utf8"));
    expect(model.input.shape).toEqual([28, 28, 1]);
    expect(model.output.classes).toEqual(["ankle_boot", "bag", "coat", "dress", "pullover", "sandal", "shirt", "sneaker", "t-shirt_top", "trouser"]);
    const images = readFileSync(path.join(cwd, "run", "images.csv"), "utf8").trim().split("\n");
    expect(images[0]).toBe("split,row,path,label,prediction");
    expect(images).toHaveLength(201);

    const ev = mltrain(["eval", "run/model.json", "fm", "--json"], cwd);
    expect(ev.code).toBe(0);
    expect(ev.stderr).toBe(`Data: fm: 200 images, 0 decoded, 200 from the cache (${path.join(cache, "images")})\nData: ignored 1 file that is not PNG or JPEG (by content) or not in a class folder: fm/README.txt\n`);
    const report = JSON.parse(ev.stdout);
    expect(report.rows).toBe(200);
    expect(report.metrics.confusion_matrix.labels).toEqual(model.output.classes);
    expect(report.metrics.accuracy).toBeGreaterThan(0.3); // 2 epochs on 140 images; chance is 0.1

    const bag = readdirSync(path.join(cwd, "fm", "bag")).sort()[0];
    const files = mltrain(["predict", "run/model.json", `fm/bag/${bag}`, "fm/trouser"], cwd);
    expect(files.code).toBe(0);
    const lines = files.stdout.trim().split("\n");
    expect(lines[0]).toBe(`path,row,prediction,${model.output.classes.map((c: string) => `p_${c}`).join(",")}`);
    expect(lines[1]).toMatch(new RegExp(`^fm/bag/${bag},1,[a-z_-]+(,[-0-9.e]+){10}$`));
    expect(lines).toHaveLength(2 + readdirSync(path.join(cwd, "fm", "trouser")).length);
    const dir = mltrain(["predict", "run/model.json", "fm", "-o", "pred.csv"], cwd);
    expect(dir.code).toBe(0);
    expect(readFileSync(path.join(cwd, "pred.csv"), "utf8").trim().split("\n")).toHaveLength(201);
    expect(cacheState(cache)).toEqual(before);

    const html = mltrain(["report", "run"], cwd);
    expect(html.code).toBe(0);
    const page = readFileSync(path.join(cwd, "run", "report.html"), "utf8");
    expect(page).toContain("<h2>Sample images per class (train split)</h2>");
    expect(page).toMatch(/Misclassified images(: the \d largest off-diagonal cells?)? \(test split\)/);
    expect((page.match(/<img src="data:image\/png;base64,/g) ?? []).length).toBeGreaterThanOrEqual(80); // 8 samples x 10 classes, + misclassified
    expect(page).not.toMatch(/src="(?!data:)/); // self-contained
  });

  it("cross-validates over the train + validation images (mltrain cv), reading the cache", () => {
    const before = cacheState(cache);
    const cv = mltrain(["cv", "cnn.yaml", "--folds", "2", "--set", "training.epochs=1", "-o", "cv"], cwd);
    expect(cv.stderr).toBe("");
    expect(cv.code).toBe(0);
    expect(cacheState(cache)).toEqual(before); // every fold read the cache: no entry written again
    const json = JSON.parse(readFileSync(path.join(cwd, "cv", "cv.json"), "utf8"));
    expect(json.runs).toHaveLength(2);
    expect(existsSync(path.join(cwd, "cv", "fold-1", "images.csv"))).toBe(true);
  });

  it("the shipped configs/fashion-images.yaml builds its CNN on such a folder", () => {
    const r = mltrain(["fit", path.join(root, "configs", "fashion-images.yaml"), "--set", `data.path=${path.join(cwd, "fm")}`, "--dry-run"], cwd);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(" dense (Dense)               (None, 10)                8,010\n");
    expect(r.stdout).toContain("Data: fm: 200 images, 0 decoded, 200 from the cache");
  });

  it("bad input: exit 2 naming the file or folder, no stack, the run folder untouched", async () => {
    const good = readFileSync(path.join(cwd, "run", "model.json"));
    const fail = (args: string[], at = cwd) => {
      const r = mltrain(args, at);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readFileSync(path.join(cwd, "run", "model.json"))).toEqual(good);
      return r.stderr;
    };
    // a truncated JPEG among good images
    const bad = tmp("images-bad");
    await writeFashionFolder(path.join(bad, "fm"), 90, ["trouser", "bag", "sandal"]);
    const victim = path.join("fm", "bag", readdirSync(path.join(bad, "fm", "bag")).find((f) => f.endsWith(".jpg"))!);
    const jpeg = readFileSync(path.join(bad, victim));
    writeFileSync(path.join(bad, victim), jpeg.subarray(0, jpeg.length >> 1));
    writeFileSync(path.join(bad, "cnn.yaml"), config());
    expect(fail(["fit", "cnn.yaml", "-o", path.join(cwd, "run")], bad)).toContain(`${victim}: cannot decode it as JPEG (`);
    writeFileSync(path.join(bad, "skip.yaml"), config("").replace("  color_mode: grayscale\n", "  color_mode: grayscale\n  bad_images: skip\n"));
    const skipped = mltrain(["fit", "skip.yaml", "--dry-run"], bad);
    expect(skipped.stderr + skipped.code).toMatch(/0$/);
    expect(skipped.stderr).toContain(`Warning: fm: left out 1 image that could not be read (data.bad_images: skip): ${victim} (cannot decode it as JPEG`);
    // eval of a folder with a class the model does not have; an empty class folder; one class
    mkdirSync(path.join(bad, "fm", "zebra"));
    expect(fail(["eval", path.join(cwd, "run", "model.json"), "fm"], bad)).toContain('fm/zebra: class folder "zebra" has no PNG or JPEG images');
    expect(fail(["fit", "skip.yaml", "-o", path.join(cwd, "run")], bad)).toContain('fm/zebra: class folder "zebra" has no PNG or JPEG images');
    const one = tmp("images-one");
    await writeFashionFolder(path.join(one, "fm"), 20, ["trouser"]);
    writeFileSync(path.join(one, "cnn.yaml"), config());
    expect(fail(["fit", "cnn.yaml", "-o", path.join(cwd, "run")], one)).toContain('fm: only one class folder ("trouser")');
    // a key that a class-folder tree has no use for, at its line
    writeFileSync(path.join(one, "target.yaml"), config("  target: label\n"));
    expect(fail(["fit", "target.yaml", "-o", path.join(cwd, "run")], one)).toContain("target.yaml:10:3: data.target: only for a CSV of image paths (with data.image_column)");
    // predict a file that is no image
    writeFileSync(path.join(one, "notes.png"), "hello");
    expect(fail(["predict", path.join(cwd, "run", "model.json"), "notes.png"], one)).toContain("notes.png: not a PNG or JPEG (its first bytes are neither signature)");
  });
});
