import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic, writeJsonAtomic } from "../../src/io/index.js";

const tmp = () => mkdtempSync(path.join(tmpdir(), "mltrain-io-"));

describe("atomic writes", () => {
  it("writes the whole text, creating the folder, and leaves no temporary file behind", () => {
    const dir = path.join(tmp(), "a", "b");
    writeFileAtomic(path.join(dir, "x.txt"), "hello\n");
    expect(readFileSync(path.join(dir, "x.txt"), "utf8")).toBe("hello\n");
    expect(readdirSync(dir)).toEqual(["x.txt"]);
  });

  it("replaces an existing file in one step (the old content is gone, no temporary file left)", () => {
    const dir = tmp();
    const f = path.join(dir, "m.json");
    writeFileSync(f, "old");
    writeJsonAtomic(f, { a: 1 });
    expect(readFileSync(f, "utf8")).toBe('{\n  "a": 1\n}\n');
    expect(readdirSync(dir)).toEqual(["m.json"]);
  });

  it("a target whose folder is a file throws io.write naming it (not the temp file's cleanup error)", () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "afile"), "keep");
    let err: unknown;
    try {
      writeFileAtomic(path.join(dir, "afile", "model.json"), "new");
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ name: "MltrainError", code: "io.write" });
    expect((err as Error).message).toMatch(/^cannot write .*afile\/model\.json: (ENOTDIR|EEXIST):/);
    expect(readFileSync(path.join(dir, "afile"), "utf8")).toBe("keep");
  });

  it("a failed write throws io.write (exit 1) and leaves the existing good file untouched", () => {
    if (process.getuid?.() === 0) {
      // root ignores permissions: make the target's folder a file instead, so rename cannot succeed
      const dir = tmp();
      const f = path.join(dir, "good.json");
      writeFileSync(f, "good");
      mkdirSync(path.join(dir, "sub"));
      expect(() => writeFileAtomic(path.join(dir, "sub"), "new")).toThrow(expect.objectContaining({ code: "io.write" }));
      expect(readFileSync(f, "utf8")).toBe("good");
      expect(readdirSync(dir).sort()).toEqual(["good.json", "sub"]);
      return;
    }
    const dir = tmp();
    const f = path.join(dir, "good.json");
    writeFileSync(f, "good");
    chmodSync(dir, 0o500);
    try {
      expect(() => writeFileAtomic(f, "new")).toThrow(expect.objectContaining({ code: "io.write" }));
      expect(readFileSync(f, "utf8")).toBe("good");
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});
