// Which files are images (by their first bytes) and the class-folder rules of src/data/image_files.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ignoredNote, listClassFolders, listImageArgs, sniffImage } from "../../src/data/image_files.js";
import { tmp } from "../e2e/cli.js";
import { errorOf } from "./helpers.js";
import { writeGray } from "./image_folders.js";

const px = new Uint8Array(16).fill(128);

describe("sniffImage", () => {
  it("recognises PNG and JPEG by their signatures, nothing else", () => {
    expect(sniffImage(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe("png");
    expect(sniffImage(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0))).toBe("jpeg");
    expect(sniffImage(Buffer.from("GIF89a"))).toBeNull();
    expect(sniffImage(Uint8Array.of(0x89, 0x50))).toBeNull();
  });
});

describe("listClassFolders", () => {
  it("takes sorted class folders, images by content whatever their names, and lists what it ignores", async () => {
    const dir = tmp("img-files");
    for (const c of ["dog", "cat"]) mkdirSync(path.join(dir, c, "more"), { recursive: true });
    await writeGray(path.join(dir, "cat", "b.png"), px, 4, 4);
    await writeGray(path.join(dir, "cat", "a.jpg"), px, 4, 4, "jpeg");
    await writeGray(path.join(dir, "cat", "more", "c.dat"), px, 4, 4); // a PNG named .dat: an image
    await writeGray(path.join(dir, "dog", "photo"), px, 4, 4, "jpeg"); // no extension: an image
    writeFileSync(path.join(dir, "dog", "notes.txt"), "not an image");
    writeFileSync(path.join(dir, "dog", "broken.png"), "not a png"); // named like an image: a bad image
    writeFileSync(path.join(dir, "dog", ".DS_Store"), "hidden");
    writeFileSync(path.join(dir, "README.md"), "beside the class folders");
    const show = (abs: string) => path.relative(dir, abs);
    const l = listClassFolders(dir, show);
    expect(l.classes).toEqual(["cat", "dog"]);
    expect(l.entries.map((e) => [e.shown, e.label, e.kind])).toEqual([
      ["cat/a.jpg", "cat", "jpeg"],
      ["cat/b.png", "cat", "png"],
      ["cat/more/c.dat", "cat", "png"],
      ["dog/broken.png", "dog", null],
      ["dog/photo", "dog", "jpeg"],
    ]);
    expect(l.ignored).toEqual(["README.md", "dog/notes.txt"]);
    expect(ignoredNote(l.ignored)).toMatchInlineSnapshot(`"ignored 2 files that are not PNG or JPEG (by content) or not in a class folder: README.md, dog/notes.txt"`);
  });

  it("refuses an empty class folder, a single class and a folder without class folders (data.empty)", async () => {
    const dir = tmp("img-files-bad");
    mkdirSync(path.join(dir, "cat"));
    await writeGray(path.join(dir, "cat", "a.png"), px, 4, 4);
    const show = (abs: string) => path.relative(dir, abs) || ".";
    expect(await errorOf(Promise.resolve().then(() => listClassFolders(dir, show)))).toMatchInlineSnapshot(
      `"data.empty | .: only one class folder ("cat"); a classifier needs at least 2 classes, one sub-folder each"`,
    );
    mkdirSync(path.join(dir, "dog"));
    writeFileSync(path.join(dir, "dog", "notes.txt"), "x");
    expect(await errorOf(Promise.resolve().then(() => listClassFolders(dir, show)))).toMatchInlineSnapshot(
      `"data.empty | dog: class folder "dog" has no PNG or JPEG images; add images or remove the folder"`,
    );
    const flat = tmp("img-files-flat");
    await writeGray(path.join(flat, "a.png"), px, 4, 4);
    expect(await errorOf(Promise.resolve().then(() => listClassFolders(flat, show)))).toContain("data.empty");
    expect(await errorOf(Promise.resolve().then(() => listClassFolders(path.join(flat, "a.png"), show)))).toContain("not a folder");
  });
});

describe("listImageArgs", () => {
  it("takes files as given and walks folders recursively", async () => {
    const dir = tmp("img-args");
    mkdirSync(path.join(dir, "x", "y"), { recursive: true });
    await writeGray(path.join(dir, "one.png"), px, 4, 4);
    await writeGray(path.join(dir, "x", "y", "two.jpg"), px, 4, 4, "jpeg");
    writeFileSync(path.join(dir, "x", "skip.txt"), "x");
    const l = listImageArgs(["one.png", "x"], dir, (a) => path.relative(dir, a));
    expect(l.entries.map((e) => e.shown)).toEqual(["one.png", "x/y/two.jpg"]);
    expect(l.ignored).toEqual(["x/skip.txt"]);
  });
});
