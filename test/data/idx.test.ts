// The IDX reader on small generated files: every element type, gzipped or not, any number of
// dimensions, and one clear data.parse / data.io error (exit 2) per kind of bad file.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { encodeIdx, parseIdx, readIdx, type IdxType } from "../../src/data/idx.js";
import { readIdxRows } from "../../src/data/idx_load.js";
import { exitCodeFor, MltrainError } from "../../src/errors.js";
import { errorOf } from "./helpers.js";

const dir = mkdtempSync(path.join(tmpdir(), "mltrain-idx-"));
const put = (name: string, bytes: Uint8Array) => {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
};

// Values chosen to need every byte of their type, big-endian: a little-endian reader gets them wrong.
const samples: Record<IdxType, number[]> = {
  u8: [0, 1, 127, 128, 254, 255],
  i8: [-128, -1, 0, 1, 100, 127],
  i16: [-32768, -258, 0, 258, 1000, 32767],
  i32: [-2147483648, -65536, 0, 16909060, 70000, 2147483647],
  f32: [-1.5, 0, 0.25, 3.4028234663852886e38, -1e-7, 123.5],
  f64: [-1.5, Math.PI, 1e300, -1e-300, 0, 0.1],
};

describe("readIdx reads every IDX element type, gzipped or not", () => {
  const cases = Object.keys(samples).flatMap((t) => [false, true].map((gz) => [t as IdxType, gz] as const));
  it.each(cases)("%s (gzipped: %s): dims [2, 3] and the exact values (f32 to float32 precision)", async (type, gz) => {
    const raw = encodeIdx(type, [2, 3], samples[type]);
    const file = put(`${type}${gz ? ".gz" : ""}`, gz ? gzipSync(raw) : raw);
    const a = await readIdx(file);
    expect(a.type).toBe(type);
    expect(a.dims).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual(type === "f32" ? Array.from(Float32Array.from(samples[type])) : samples[type]);
  });

  it("any number of dimensions: [2, 2, 2, 2] u8 keeps the row-major order; 1 dimension works too", () => {
    const values = Array.from({ length: 16 }, (_, i) => i * 3);
    expect(parseIdx(encodeIdx("u8", [2, 2, 2, 2], values), "x")).toMatchObject({ dims: [2, 2, 2, 2] });
    expect(Array.from(parseIdx(encodeIdx("u8", [2, 2, 2, 2], values), "x").data)).toEqual(values);
    expect(Array.from(parseIdx(encodeIdx("i16", [3], [1, -2, 3]), "x").data)).toEqual([1, -2, 3]);
  });

  it("the header is big-endian: 60000 images of 28x28 read as [60000, 28, 28] (bytes 00 00 ea 60)", () => {
    const header = encodeIdx("u8", [60000, 28, 28], []).subarray(0, 16);
    expect(Array.from(header.subarray(0, 8))).toEqual([0, 0, 8, 3, 0, 0, 0xea, 0x60]);
  });
});

describe("bad IDX files: data.parse / data.io naming the file and what is wrong (exit 2)", () => {
  const bad = async (bytes: Uint8Array, name = "bad.idx") => errorOf(readIdx(put(name, bytes), name));
  it("not an IDX file (a CSV): the magic number", async () => {
    expect(await bad(new TextEncoder().encode("a,b\n1,2\n"))).toMatchInlineSnapshot(`"data.parse | bad.idx: not an IDX file: the magic number is 61 2c 62 0a, expected 00 00 TYPE NDIMS (TYPE 08 u8, 09 i8, 0b i16, 0c i32, 0d f32, 0e f64)"`);
  });
  it("an unknown element type", async () => {
    expect(await bad(Uint8Array.from([0, 0, 0x0a, 1, 0, 0, 0, 0]))).toMatchInlineSnapshot(`"data.parse | bad.idx: not an IDX file: unknown element type 0x0a in the magic number 00 00 0a 01; expected 08 u8, 09 i8, 0b i16, 0c i32, 0d f32 or 0e f64"`);
  });
  it("zero dimensions", async () => {
    expect(await bad(Uint8Array.from([0, 0, 8, 0]))).toMatchInlineSnapshot(`"data.parse | bad.idx: the magic number 00 00 08 00 declares 0 dimensions; expected at least 1"`);
  });
  it("shorter than the magic number", async () => {
    expect(await bad(Uint8Array.from([0, 0]))).toMatchInlineSnapshot(`"data.parse | bad.idx: truncated: 2 bytes, too short for the 4-byte IDX magic number"`);
  });
  it("a truncated header", async () => {
    expect(await bad(encodeIdx("u8", [2, 3, 4], []).subarray(0, 10))).toMatchInlineSnapshot(`"data.parse | bad.idx: truncated: the header of 3 dimensions needs 16 bytes, the file has 10"`);
  });
  it("truncated data (i32: 6 elements need 24 bytes)", async () => {
    const full = encodeIdx("i32", [2, 3], [1, 2, 3, 4, 5, 6]);
    expect(await bad(full.subarray(0, full.length - 3))).toMatchInlineSnapshot(`"data.parse | bad.idx: truncated: 2 x 3 i32 needs 24 bytes of data, the file has 21"`);
  });
  it("bytes after the data", async () => {
    const full = encodeIdx("u8", [2], [1, 2]);
    expect(await bad(Uint8Array.from([...full, 9, 9]))).toMatchInlineSnapshot(`"data.parse | bad.idx: 2 unexpected bytes after the 2 u8 data (2 bytes expected)"`);
  });
  it("a truncated gzip stream", async () => {
    const gz = gzipSync(encodeIdx("u8", [100, 10], new Array(1000).fill(7)));
    expect(await bad(gz.subarray(0, gz.length - 10), "bad.gz")).toMatchInlineSnapshot(`"data.parse | bad.gz: cannot decompress the IDX file: truncated (the gzip stream ends early); download it again"`);
  });
  it("a missing file: data.io", async () => {
    const e = await errorOf(readIdx(path.join(dir, "nope.gz"), "nope.gz"));
    expect(e).toMatchInlineSnapshot(`"data.io | nope.gz: cannot read the IDX file: no such file"`);
  });
  it("images and labels whose counts disagree: the labels file names both counts", async () => {
    const images = put("img3.idx", encodeIdx("u8", [3, 2, 2], new Array(12).fill(1)));
    const labels = put("lab2.idx", encodeIdx("u8", [2], [0, 1]));
    const e = await errorOf(readIdxRows(images, labels));
    expect(e.replaceAll(dir, "DIR").replaceAll(path.relative(process.cwd(), dir), "DIR")).toMatchInlineSnapshot(`"data.parse | DIR/lab2.idx: 2 labels, but the images file DIR/img3.idx has 3 images; the two files must come from the same set"`);
  });
  it("labels with two values per image are rejected", async () => {
    const images = put("img2.idx", encodeIdx("u8", [2, 2], [1, 2, 3, 4]));
    const labels = put("lab22.idx", encodeIdx("u8", [2, 2], [0, 1, 1, 0]));
    expect(await errorOf(readIdxRows(images, labels))).toContain("expected one label per image (dimensions [n] or [n, 1]), got 2 x 2");
  });
  it("every one of these errors exits 2", async () => {
    try {
      await readIdx(put("x.idx", Uint8Array.from([1, 2, 3, 4])));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(MltrainError);
      expect(exitCodeFor((err as MltrainError).code)).toBe(2);
    }
  });
});
