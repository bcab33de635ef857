// Image folders for the tests, built in temp dirs (nothing downloaded, nothing committed): the first
// Fashion-MNIST test images from /usr/share/datasets/fashion-mnist/ (Debian's dataset-fashion-mnist)
// written as PNG and JPEG (by turns) into one folder per class, scanned-document-sized JPEGs, and the
// odd files the bad-input tests need (corrupt, truncated, CMYK, 16-bit, RGBA, not an image).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import sharp from "sharp";

export const FASHION_DIR = "/usr/share/datasets/fashion-mnist";
export const FASHION_CLASSES = ["t-shirt_top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle_boot"];

/** The first n Fashion-MNIST test images (28x28 uint8 each) and labels. */
export function fashionImages(n: number): { pixels: Uint8Array[]; labels: number[] } {
  const images = gunzipSync(readFileSync(path.join(FASHION_DIR, "t10k-images-idx3-ubyte.gz")));
  const labels = gunzipSync(readFileSync(path.join(FASHION_DIR, "t10k-labels-idx1-ubyte.gz")));
  return {
    pixels: Array.from({ length: n }, (_, i) => images.subarray(16 + i * 784, 16 + (i + 1) * 784)),
    labels: Array.from(labels.subarray(8, 8 + n)),
  };
}

/** A grayscale uint8 image as a PNG or JPEG file. */
export async function writeGray(file: string, px: Uint8Array, w: number, h: number, as: "png" | "jpeg" = "png"): Promise<void> {
  const img = sharp(px, { raw: { width: w, height: h, channels: 1 } }).toColourspace("b-w");
  writeFileSync(file, await (as === "png" ? img.png() : img.jpeg({ quality: 95 })).toBuffer());
}

/**
 * DIR/CLASS/NNNNN.png|jpg for the first n Fashion-MNIST test images (even i PNG, odd JPEG), only the
 * classes in `classes` (default all ten). Returns each written file with its class, in writing order.
 */
export async function writeFashionFolder(dir: string, n: number, classes = FASHION_CLASSES): Promise<{ file: string; label: string }[]> {
  const { pixels, labels } = fashionImages(n);
  const out: { file: string; label: string }[] = [];
  for (let i = 0; i < n; i++) {
    const label = FASHION_CLASSES[labels[i]];
    if (!classes.includes(label)) continue;
    mkdirSync(path.join(dir, label), { recursive: true });
    const file = path.join(dir, label, `${String(i).padStart(5, "0")}.${i % 2 === 0 ? "png" : "jpg"}`);
    await writeGray(file, pixels[i], 28, 28, i % 2 === 0 ? "png" : "jpeg");
    out.push({ file, label });
  }
  return out;
}

/** A scanned-document-like grayscale JPEG (default 1000 x 1300): white page, dark text-like bars. */
export async function writeScan(file: string, seed: number, w = 1000, h = 1300, quality = 85): Promise<void> {
  const px = new Uint8Array(w * h).fill(235);
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  for (let line = 80; line < h - 80; line += 28 + Math.floor(rnd() * 10)) {
    for (let x = 60; x < w - 60; ) {
      const word = 20 + Math.floor(rnd() * 90);
      for (let y = line; y < line + 14; y++) for (let i = x; i < Math.min(x + word, w - 60); i++) px[y * w + i] = 30 + Math.floor(rnd() * 40);
      x += word + 12;
    }
  }
  writeFileSync(file, await sharp(px, { raw: { width: w, height: h, channels: 1 } }).toColourspace("b-w").jpeg({ quality }).toBuffer());
}

/** A solid RGB image converted to CMYK, as a JPEG (what print workflows save). */
export async function writeCmykJpeg(file: string, rgb: [number, number, number], w = 10, h = 8): Promise<void> {
  writeFileSync(file, await sharp({ create: { width: w, height: h, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).toColourspace("cmyk").jpeg().toBuffer());
}

/** A 16-bit grayscale PNG of one value (0-255, scaled to 16 bits). */
export async function write16BitPng(file: string, value: number, w = 10, h = 8): Promise<void> {
  writeFileSync(file, await sharp(Buffer.alloc(w * h, value), { raw: { width: w, height: h, channels: 1 } }).toColourspace("grey16").png().toBuffer());
}

/** An RGBA PNG of one colour, half transparent. */
export async function writeRgbaPng(file: string, rgb: [number, number, number], w = 10, h = 8): Promise<void> {
  writeFileSync(file, await sharp({ create: { width: w, height: h, channels: 4, background: { r: rgb[0], g: rgb[1], b: rgb[2], alpha: 0.5 } } }).png().toBuffer());
}
