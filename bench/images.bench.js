#!/usr/bin/env node
// Image decoding throughput: 3,500 generated 1000x1300 grayscale JPEGs (scanned-document sized, like the
// lecture's Tobacco-3482) in 10 class folders, decoded by sharp and resized to 256x256 grayscale
// (Keras's default size) by mltrain's readImages, as fit reads them: the first pass decodes into an
// empty cache, the second reads the cache. Images/s with the default concurrency (one image per core in
// flight, each decoded on a libuv thread inside sharp) and, on a subset, with one image at a time.
//   npm run build && node bench/images.bench.js        (env: BENCH_IMAGES=3500, BENCH_SIZE=256, BENCH_ONE_CORE_IMAGES=500)
// The images are written once into $TMPDIR/mltrain-bench/images-1000x1300/ (not the repo) and reused.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { ImageCache, listClassFolders, readImages } from "../dist/data/index.js";

const N = Number(process.env.BENCH_IMAGES ?? 3500);
const SIZE = Number(process.env.BENCH_SIZE ?? 256);
const ONE = Number(process.env.BENCH_ONE_CORE_IMAGES ?? 500);
const W = 1000;
const H = 1300;
const root = path.join(os.tmpdir(), "mltrain-bench", `images-${W}x${H}`);

/** A page: white, with rows of dark word-like bars (text lines), different per seed. */
function page(seed) {
  const px = Buffer.alloc(W * H, 235);
  let s = seed >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  for (let line = 80; line < H - 80; line += 28 + Math.floor(rnd() * 10)) {
    for (let x = 60; x < W - 60; ) {
      const word = 20 + Math.floor(rnd() * 90);
      for (let y = line; y < line + 14; y++) px.fill(30 + Math.floor(rnd() * 40), y * W + x, y * W + Math.min(x + word, W - 60));
      x += word + 12;
    }
  }
  return px;
}

async function generate() {
  const have = existsSync(root) ? readdirSync(root).reduce((n, d) => n + readdirSync(path.join(root, d)).length, 0) : 0;
  if (have >= N) return;
  const t0 = performance.now();
  let next = have;
  const worker = async () => {
    for (let i = next++; i < N; i = next++) {
      const dir = path.join(root, `class_${i % 10}`);
      mkdirSync(dir, { recursive: true });
      const jpeg = await sharp(page(i + 1), { raw: { width: W, height: H, channels: 1 } }).toColourspace("b-w").jpeg({ quality: 85 }).toBuffer();
      writeFileSync(path.join(dir, `${String(i).padStart(5, "0")}.jpg`), jpeg);
    }
  };
  await Promise.all(Array.from({ length: os.availableParallelism() }, worker));
  console.log(`generated ${N - have} JPEGs into ${root} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function pass(entries, cache, concurrency) {
  const t0 = performance.now();
  const px = await readImages(entries, { height: SIZE, width: SIZE, channels: 1 }, { cache, badImages: "error", concurrency });
  const s = (performance.now() - t0) / 1000;
  return { s, rate: entries.length / s, decoded: px.decoded, cached: px.cached };
}

await generate();
const entries = listClassFolders(root, (a) => a).entries.slice(0, N);
const cacheDir = mkdtempSync(path.join(os.tmpdir(), "mltrain-bench-cache-"));
try {
  const cores = os.availableParallelism();
  const cache = new ImageCache(path.join(cacheDir, "images"), { height: SIZE, width: SIZE, channels: 1 });
  const first = await pass(entries, cache, undefined);
  const second = await pass(entries, cache, undefined);
  const oneCache = new ImageCache(path.join(cacheDir, "one"), { height: SIZE, width: SIZE, channels: 1 });
  const one = await pass(entries.slice(0, ONE), oneCache, 1);
  const both = await pass(entries.slice(0, ONE), new ImageCache(path.join(cacheDir, "both"), { height: SIZE, width: SIZE, channels: 1 }), undefined);
  console.log(`${entries.length} JPEGs ${W}x${H} grayscale -> ${SIZE}x${SIZE}x1, node ${process.version}, ${cores} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log("| pass | images | concurrency | seconds | images/s | decoded | from cache |");
  console.log("|---|---|---|---|---|---|---|");
  const row = (name, n, c, r) => console.log(`| ${name} | ${n} | ${c} | ${r.s.toFixed(2)} | ${Math.round(r.rate).toLocaleString("en-US")} | ${r.decoded} | ${r.cached} |`);
  row("first (decode + resize + cache write)", entries.length, cores, first);
  row("second (cache)", entries.length, cores, second);
  row("first, one image at a time", Math.min(ONE, entries.length), 1, one);
  row("first, one image per core", Math.min(ONE, entries.length), cores, both);
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
