// loadData on image folders (data.format images) and a CSV of image paths: classes from the folder
// names, samples [h, w, c] of pixels 0-255, stratified seeded splits, conversions (CMYK, 16-bit, RGBA,
// other sizes), bad images (error naming the file, or skip counting them) and the decoded-image cache.
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadData } from "../../src/data/index.js";
import { tmp } from "../e2e/cli.js";
import { dataConfig, errorOf } from "./helpers.js";
import { fashionImages, write16BitPng, writeCmykJpeg, writeFashionFolder, writeGray, writeRgbaPng, writeScan } from "./image_folders.js";

/** Every .u8 entry under the cache folder. */
function entries(cache: string): string[] {
  const dir = path.join(cache, "images");
  try {
    return readdirSync(dir).flatMap((d) => readdirSync(path.join(dir, d)).map((f) => path.join(dir, d, f)));
  } catch {
    return [];
  }
}

const load = (data: Record<string, unknown>, baseDir: string, cache: string, seed = 1) =>
  loadData(dataConfig({ format: "images", ...data }), { baseDir, seed, env: { MLTRAIN_CACHE: cache } });

describe("loadData: image folders", () => {
  it("reads a class-folder tree of PNG and JPEG Fashion-MNIST images as [28, 28, 1] samples, split stratified", async () => {
    const dir = tmp("img-load");
    const cache = tmp("img-cache");
    const written = await writeFashionFolder(path.join(dir, "fm"), 200);
    const d = await load({ path: "fm", image_size: [28, 28], color_mode: "grayscale", normalize: "none", split: { train: 0.8, validation: 0.1, test: 0.1 } }, dir, cache);
    expect(d.task).toBe("multiclass");
    expect(d.shape).toEqual([28, 28, 1]);
    expect(d.classes).toEqual([...new Set(written.map((w) => w.label))].sort());
    expect(d.train.rows + d.validation!.rows + d.test!.rows).toBe(200);
    expect(d.notes).toEqual([expect.stringMatching(/: 200 images, 200 decoded, 0 from the cache/)]);
    // a PNG row at its own size is the file's pixels exactly (0-255, no rescale, no normalize)
    const { pixels } = fashionImages(200);
    const listing = d.imagePaths!.path;
    const r = d.train.rowIds[0];
    const i = Number(path.basename(listing[r - 1]).slice(0, 5));
    if (i % 2 === 0) expect(Array.from(d.train.x.subarray(0, 784))).toEqual(Array.from(pixels[i]));
    // stratified: every class of the validation and test splits has its share (200 images, 10 classes)
    const perClass = (t: { y: Float32Array; rows: number }) => {
      const n = new Array(10).fill(0);
      for (let j = 0; j < t.rows; j++) n[t.y.subarray(j * 10, j * 10 + 10).indexOf(1)]++;
      return n;
    };
    expect(Math.min(...perClass(d.validation!))).toBeGreaterThanOrEqual(1);
    // the same seed, the same split
    const again = await load({ path: "fm", image_size: [28, 28], color_mode: "grayscale", normalize: "none", split: { train: 0.8, validation: 0.1, test: 0.1 } }, dir, cache);
    expect(Array.from(again.test!.rowIds)).toEqual(Array.from(d.test!.rowIds));
    expect(again.notes![0]).toMatch(/200 images, 0 decoded, 200 from the cache/);
  });

  it("resizes images of different sizes, converts CMYK, 16-bit and RGBA, and reads colour as luma in grayscale", async () => {
    const dir = tmp("img-convert");
    const cache = tmp("img-cache");
    mkdirSync(path.join(dir, "a"), { recursive: true });
    mkdirSync(path.join(dir, "b"), { recursive: true });
    await writeGray(path.join(dir, "a", "small.png"), new Uint8Array(4 * 6).fill(77), 6, 4);
    await writeScan(path.join(dir, "a", "scan.jpg"), 1);
    await writeCmykJpeg(path.join(dir, "b", "cmyk.jpg"), [200, 30, 40]);
    await write16BitPng(path.join(dir, "b", "deep.png"), 150);
    await writeRgbaPng(path.join(dir, "b", "alpha.png"), [200, 30, 40]);
    const cfg = { path: ".", image_size: [8, 8], normalize: "none", split: { train: 1, validation: 0, test: 0, shuffle: false } };
    const rgb = await load({ ...cfg, color_mode: "rgb" }, dir, cache);
    expect(rgb.shape).toEqual([8, 8, 3]);
    const row = (name: string, d = rgb) => {
      const r = d.imagePaths!.path.findIndex((p) => p.endsWith(name));
      const k = d.shape.reduce((a, b) => a * b, 1);
      return Array.from(d.train.x.subarray(r * k, r * k + d.shape[2]));
    };
    expect(row("small.png")).toEqual([77, 77, 77]); // gray copied to r, g, b
    expect(row("deep.png")).toEqual([150, 150, 150]); // 16 bits back to 8
    expect(row("alpha.png")).toEqual([200, 30, 40]); // alpha dropped
    const cmyk = row("cmyk.jpg");
    for (const [got, want] of cmyk.map((v, j) => [v, [200, 30, 40][j]])) expect(Math.abs(got - want)).toBeLessThan(40); // CMYK to sRGB through libvips' profiles: close, not exact
    const gray = await load({ ...cfg, color_mode: "grayscale" }, dir, cache);
    expect(row("alpha.png", gray)).toEqual([Math.round(0.299 * 200 + 0.587 * 30 + 0.114 * 40)]); // Rec. 601 luma: 82
  });

  it("stops at a corrupt or truncated image, naming it; bad_images: skip leaves them out and says how many", async () => {
    const dir = tmp("img-bad");
    const cache = tmp("img-cache");
    await writeFashionFolder(dir, 40, ["trouser", "bag"]);
    const good = readFileSync(path.join(dir, "trouser", "00002.png"));
    writeFileSync(path.join(dir, "trouser", "00002.png"), good.subarray(0, good.length - 30)); // truncated
    writeFileSync(path.join(dir, "bag", "zz.jpg"), "this is no jpeg"); // named like one
    const cfg = { path: ".", image_size: [28, 28], color_mode: "grayscale", split: { train: 0.6, validation: 0.2, test: 0.2 } };
    expect(await errorOf(load(cfg, dir, cache))).toMatch(/^data\.parse \| .*(trouser\/00002\.png: cannot decode it as PNG \(.*\)|bag\/zz\.jpg: not a PNG or JPEG .*); fix or remove the file, or set data\.bad_images: skip to leave such images out$/);
    const d = await load({ ...cfg, bad_images: "skip" }, dir, cache);
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatch(/left out 2 images that could not be read \(data\.bad_images: skip\): .*bag\/zz\.jpg \(not a PNG or JPEG .*\); .*trouser\/00002\.png \(cannot decode it as PNG/);
    expect(d.train.rows + d.validation!.rows + d.test!.rows).toBe(readdirSync(path.join(dir, "trouser")).length + readdirSync(path.join(dir, "bag")).length - 2);
  });

  it("reads a CSV of image paths (relative to the CSV) with a label column", async () => {
    const dir = tmp("img-csv");
    const cache = tmp("img-cache");
    const written = await writeFashionFolder(path.join(dir, "pics"), 60, ["trouser", "bag", "sandal"]);
    const lines = ["file,kind", ...written.map((w) => `${path.relative(dir, w.file)},${w.label}`)];
    writeFileSync(path.join(dir, "list.csv"), lines.join("\n") + "\n");
    const d = await load({ path: "list.csv", image_column: "file", target: "kind", image_size: [14, 14], color_mode: "grayscale" }, dir, cache);
    expect(d.classes).toEqual(["bag", "sandal", "trouser"]);
    expect(d.shape).toEqual([14, 14, 1]);
    expect(d.target).toEqual(["kind"]);
    expect(d.train.rows + d.validation!.rows + d.test!.rows).toBe(written.length);
    expect((await errorOf(load({ path: "list.csv", image_column: "path", target: "kind" }, dir, cache))).replace(dir + path.sep, "")).toMatchInlineSnapshot(
      `"data.missing_column | list.csv:1: data.image_column: no column "path" (data.image_column); the columns are file, kind"`,
    );
    writeFileSync(path.join(dir, "gone.csv"), `file,kind\n${lines[1]}\nmissing.png,bag\n`);
    expect((await errorOf(load({ path: "gone.csv", image_column: "file", target: "kind" }, dir, cache))).split(dir + path.sep).join("")).toMatchInlineSnapshot(`"data.io | gone.csv:3:1: no image file "missing.png" (looked for missing.png; paths are relative to the CSV's folder)"`);
  });
});

describe("the decoded-image cache", () => {
  it("keeps one entry per image and config, rebuilds a corrupt entry, and decodes an image again once it changes", async () => {
    const dir = tmp("img-cache-keys");
    const cache = tmp("img-cache");
    await writeFashionFolder(dir, 30, ["trouser", "bag"]);
    const cfg = { path: ".", image_size: [28, 28], color_mode: "grayscale", normalize: "none", split: { train: 1, validation: 0, test: 0, shuffle: false } };
    const first = await load(cfg, dir, cache);
    const n = first.train.rows;
    expect(entries(cache)).toHaveLength(n);
    expect(statSync(entries(cache)[0]).size).toBe(16 + 28 * 28);
    // another size: new entries beside the old ones
    expect((await load({ ...cfg, image_size: [10, 10] }, dir, cache)).notes![0]).toMatch(new RegExp(`${n} decoded, 0 from the cache`));
    expect(entries(cache)).toHaveLength(2 * n);
    // a corrupt entry (wrong length) is decoded again and rewritten; the others are read
    const victim = entries(cache).find((e) => statSync(e).size === 16 + 28 * 28)!;
    writeFileSync(victim, "garbage");
    const again = await load(cfg, dir, cache);
    expect(again.notes![0]).toMatch(new RegExp(`1 decoded, ${n - 1} from the cache`));
    expect(statSync(victim).size).toBe(16 + 28 * 28);
    expect(Array.from(again.train.x)).toEqual(Array.from(first.train.x));
    // a touched image (new mtime) is decoded again
    const img = path.join(dir, "bag", readdirSync(path.join(dir, "bag"))[0]);
    utimesSync(img, new Date(), new Date(Date.now() + 5000));
    expect((await load(cfg, dir, cache)).notes![0]).toMatch(new RegExp(`1 decoded, ${n - 1} from the cache`));
  });
});
