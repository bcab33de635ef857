// The decoded-image cache: each image once decoded and resized is kept as uint8 [h, w, c] in one file,
// and later runs, eval and predict read it instead of decoding again. An entry's key is the SHA-256 of
// the image's absolute path, size and modification time and of the image config (size, channels) and
// the decoder's version, so an edited image, another image_size or color_mode, or a new decoder gets a
// new entry. Entries are written atomically (a temp file renamed into place); an entry whose header or
// length is wrong (a disk error, a truncated copy) counts as absent and is written again.
//
//   folder: $MLTRAIN_CACHE/images, default ~/.cache/mltrain/images; entry: <first 2 hex>/<key>.u8
//   entry:  "MLTI" | u32 LE height | u32 LE width | u32 LE channels | pixels [h * w * c]
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, type Stats } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ImageSpec } from "./image_decode.js";

/** Bumped whenever decoding or resizing changes what an image becomes: old entries are then not used. */
export const DECODER_VERSION = 1;

const MAGIC = 0x49544c4d; // "MLTI" little-endian
const HEADER = 16;

/** The cache's folder for images: $MLTRAIN_CACHE/images, else ~/.cache/mltrain/images. */
export function imageCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.MLTRAIN_CACHE ? path.resolve(env.MLTRAIN_CACHE) : path.join(env.HOME || os.homedir(), ".cache", "mltrain");
  return path.join(root, "images");
}

let tmpCounter = 0;

export class ImageCache {
  /** Entries that could not be written (a read-only cache folder): the run goes on without them. */
  writeFailures = 0;

  constructor(
    readonly dir: string,
    private readonly spec: ImageSpec,
  ) {}

  /** The entry file of an image with these file stats. */
  entryPath(abs: string, st: Pick<Stats, "size" | "mtimeMs">): string {
    const { height, width, channels } = this.spec;
    const key = createHash("sha256")
      .update(JSON.stringify([abs, st.size, st.mtimeMs, height, width, channels, DECODER_VERSION]))
      .digest("hex");
    return path.join(this.dir, key.slice(0, 2), `${key}.u8`);
  }

  /** The cached pixels, or null when absent or not a well-formed entry of this size. */
  read(entry: string): Uint8Array | null {
    let buf: Buffer;
    try {
      buf = readFileSync(entry);
    } catch {
      return null;
    }
    const { height, width, channels } = this.spec;
    const n = height * width * channels;
    if (buf.length !== HEADER + n) return null;
    if (buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== height || buf.readUInt32LE(8) !== width || buf.readUInt32LE(12) !== channels) return null;
    return new Uint8Array(buf.buffer, buf.byteOffset + HEADER, n);
  }

  /** Store pixels atomically; a failure (read-only folder, full disk) is counted, never thrown. */
  write(entry: string, pixels: Uint8Array): void {
    const { height, width, channels } = this.spec;
    const buf = Buffer.allocUnsafe(HEADER + pixels.length);
    buf.writeUInt32LE(MAGIC, 0);
    buf.writeUInt32LE(height, 4);
    buf.writeUInt32LE(width, 8);
    buf.writeUInt32LE(channels, 12);
    buf.set(pixels, HEADER);
    const tmp = `${entry}.${process.pid}.${tmpCounter++}.tmp`;
    try {
      mkdirSync(path.dirname(entry), { recursive: true });
      writeFileSync(tmp, buf);
      renameSync(tmp, entry);
    } catch {
      this.writeFailures++;
      rmSync(tmp, { force: true });
    }
  }
}
