// Many images into one pixel matrix: uint8 [n, h·w·c], each image from the cache (image_cache.ts) or
// decoded (image_decode.ts) and then cached. Decoding runs `concurrency` images at a time (default:
// the cores), each on one of libuv's threads inside sharp, so both cores decode. A file that cannot be
// decoded (or starts like neither a PNG nor a JPEG though named like one) is, by data.bad_images, an
// error naming it (data.parse, exit 2) or left out and listed.
import { readFileSync, statSync } from "node:fs";
import os from "node:os";
import { MltrainError } from "../errors.js";
import type { ImageCache } from "./image_cache.js";
import { decodeImage, DecodeError, type ImageSpec } from "./image_decode.js";
import type { ImageEntry } from "./image_files.js";

export type BadImages = "error" | "skip";

export interface ImagePixels {
  /** [kept.length, h·w·c] in entry order. */
  pixels: Uint8Array;
  /** Indices (into the entries) of the images decoded, in order. */
  kept: Int32Array;
  /** Images left out (bad_images: skip): shown path and why. */
  bad: { shown: string; reason: string }[];
  /** How many were decoded now and how many came from the cache. */
  decoded: number;
  cached: number;
}

export interface ReadImagesOptions {
  cache: ImageCache | null;
  badImages: BadImages;
  /** Images decoded at once (default os.availableParallelism()). */
  concurrency?: number;
  /** Where the setting came from, for the error's fix (default "data.bad_images: skip"). */
  skipHint?: string;
}

export async function readImages(entries: readonly ImageEntry[], spec: ImageSpec, opts: ReadImagesOptions): Promise<ImagePixels> {
  const k = spec.height * spec.width * spec.channels;
  const all = new Uint8Array(entries.length * k);
  const ok = new Uint8Array(entries.length);
  const reasons: (string | undefined)[] = new Array(entries.length);
  let decoded = 0;
  let cached = 0;
  const one = async (i: number): Promise<void> => {
    const e = entries[i];
    if (e.kind === null) {
      reasons[i] = "not a PNG or JPEG (its first bytes are neither signature)";
      return;
    }
    const st = statSync(e.abs);
    const entry = opts.cache?.entryPath(e.abs, st);
    const hit = entry ? opts.cache!.read(entry) : null;
    if (hit) {
      all.set(hit, i * k);
      ok[i] = 1;
      cached++;
      return;
    }
    try {
      const px = await decodeImage(readFileSync(e.abs), spec);
      all.set(px, i * k);
      ok[i] = 1;
      decoded++;
      if (entry) opts.cache!.write(entry, px);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      reasons[i] = `cannot decode it as ${e.kind === "png" ? "PNG" : "JPEG"} (${err.message.trim()})`;
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const i = next++;
      await one(i);
      if (reasons[i] !== undefined && opts.badImages === "error") {
        next = entries.length; // the other workers stop after their current image
        throw new MltrainError(
          "data.parse",
          `${reasons[i]}; fix or remove the file, or set ${opts.skipHint ?? "data.bad_images: skip"} to leave such images out`,
          { file: entries[i].shown },
        );
      }
    }
  };
  const n = Math.max(1, Math.min(opts.concurrency ?? os.availableParallelism(), entries.length));
  await Promise.all(Array.from({ length: n }, worker));
  const keptList: number[] = [];
  const bad: ImagePixels["bad"] = [];
  for (let i = 0; i < entries.length; i++) {
    if (ok[i]) keptList.push(i);
    else bad.push({ shown: entries[i].shown, reason: reasons[i] ?? "not read" });
  }
  const kept = Int32Array.from(keptList);
  let pixels = all;
  if (kept.length < entries.length) {
    pixels = new Uint8Array(kept.length * k);
    for (let j = 0; j < kept.length; j++) pixels.set(all.subarray(kept[j] * k, (kept[j] + 1) * k), j * k);
  }
  return { pixels, kept, bad, decoded, cached };
}

/** The warning about images left out: the count and the first few names with why. */
export function badImagesWarning(bad: ImagePixels["bad"], max = 3): string | null {
  if (bad.length === 0) return null;
  const first = bad.slice(0, max).map((b) => `${b.shown} (${b.reason})`).join("; ");
  return `left out ${bad.length} image${bad.length === 1 ? "" : "s"} that could not be read (data.bad_images: skip): ${first}${bad.length > max ? `; … (${bad.length - max} more)` : ""}`;
}
