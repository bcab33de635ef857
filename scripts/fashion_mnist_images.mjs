#!/usr/bin/env node
// Write Fashion-MNIST test images as an image-folder tree, one sub-folder per class (PNG and JPEG, by
// turns), for configs/fashion-images.yaml and for trying `mltrain predict MODEL DIR`:
//   node scripts/fashion_mnist_images.mjs OUT_DIR [COUNT]      (default: datasets/fashion-images, 1000)
// Reads /usr/share/datasets/fashion-mnist/t10k-*.gz (Debian's dataset-fashion-mnist package) or
// $MLTRAIN_DATA/fashion-mnist/ / ~/.cache/mltrain/fashion-mnist/ (`mltrain data fetch fashion-mnist`).
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import sharp from "sharp";

const CLASSES = ["t-shirt_top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle_boot"];
const out = path.resolve(process.argv[2] ?? "datasets/fashion-images");
const count = Number(process.argv[3] ?? 1000);
const dirs = [
  process.env.MLTRAIN_DATA && path.join(process.env.MLTRAIN_DATA, "fashion-mnist"),
  path.join(os.homedir(), ".cache", "mltrain", "fashion-mnist"),
  "/usr/share/datasets/fashion-mnist",
].filter(Boolean);
const dir = dirs.find((d) => existsSync(path.join(d, "t10k-images-idx3-ubyte.gz")));
if (!dir) {
  console.error(`Fashion-MNIST not found in ${dirs.join(", ")}: apt-get install dataset-fashion-mnist, or mltrain data fetch fashion-mnist`);
  process.exit(2);
}
const images = gunzipSync(readFileSync(path.join(dir, "t10k-images-idx3-ubyte.gz")));
const labels = gunzipSync(readFileSync(path.join(dir, "t10k-labels-idx1-ubyte.gz")));
const n = Math.min(count, images.readUInt32BE(4));
for (const c of CLASSES) mkdirSync(path.join(out, c), { recursive: true });
for (let i = 0; i < n; i++) {
  const px = images.subarray(16 + i * 784, 16 + (i + 1) * 784);
  const img = sharp(px, { raw: { width: 28, height: 28, channels: 1 } }).toColourspace("b-w");
  const name = path.join(out, CLASSES[labels[8 + i]], `${String(i).padStart(5, "0")}.${i % 2 === 0 ? "png" : "jpg"}`);
  await (i % 2 === 0 ? img.png() : img.jpeg({ quality: 95 })).toFile(name);
}
console.log(`wrote ${n} images into ${path.relative(process.cwd(), out) || out}/ (${CLASSES.length} class folders)`);
