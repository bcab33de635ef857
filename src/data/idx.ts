// IDX files (LeCun's MNIST format, also Fashion-MNIST): a 4-byte magic [0, 0, type, ndims], ndims
// big-endian uint32 sizes, then the elements big-endian in row-major order. Gzipped files (magic 1f 8b)
// are decompressed first. Every element type of the format is read:
//   0x08 u8 · 0x09 i8 · 0x0B i16 · 0x0C i32 · 0x0D f32 · 0x0E f64
import { createReadStream } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { endianness } from "node:os";
import { createGunzip } from "node:zlib";
import { MltrainError, readFailure } from "../errors.js";

export type IdxType = "u8" | "i8" | "i16" | "i32" | "f32" | "f64";
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  type: IdxType;
  /** Sizes, outermost first: [60000, 28, 28] for the Fashion-MNIST training images. */
  dims: number[];
  /** The elements in row-major order, native endianness (u8: a view of the file's bytes, no copy). */
  data: IdxData;
}

/** Type code → [name, bytes per element]. */
const idxTypes: Record<number, [IdxType, number]> = {
  0x08: ["u8", 1],
  0x09: ["i8", 1],
  0x0b: ["i16", 2],
  0x0c: ["i32", 4],
  0x0d: ["f32", 4],
  0x0e: ["f64", 8],
};

/** Read an IDX file (gzipped or not). `display` names it in messages. data.io / data.parse errors (exit 2). */
export async function readIdx(file: string, display: string = file): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = (await isGzip(file)) ? await gunzipFile(file, display) : await readFile(file);
  } catch (err) {
    if (err instanceof MltrainError) throw err;
    const why = readFailure(err);
    throw new MltrainError("data.io", `cannot read the IDX file: ${why}`, { file: display });
  }
  return parseIdx(bytes, display);
}

async function isGzip(file: string): Promise<boolean> {
  const fh = await open(file, "r");
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/**
 * Decompress a .gz file straight into one buffer sized by the gzip trailer (ISIZE, the length mod
 * 2^32), streaming the compressed bytes: peak memory is the decompressed data plus zlib's 16 KB chunks,
 * not the compressed file plus the chunks plus their concatenation (~2.5x the data for Fashion-MNIST).
 * A wrong trailer (several members, > 4 GB) only costs a resize.
 */
async function gunzipFile(file: string, display: string): Promise<Uint8Array> {
  const fh = await open(file, "r");
  let size = 0;
  try {
    const { size: fileSize } = await fh.stat();
    if (fileSize >= 18) {
      const tail = Buffer.alloc(4);
      await fh.read(tail, 0, 4, fileSize - 4);
      size = tail.readUInt32LE(0);
    }
  } finally {
    await fh.close();
  }
  let out = new Uint8Array(size);
  let used = 0;
  try {
    for await (const chunk of createReadStream(file).pipe(createGunzip()) as AsyncIterable<Buffer>) {
      if (used + chunk.length > out.length) {
        const grown = new Uint8Array(Math.max(out.length * 2, used + chunk.length));
        grown.set(out.subarray(0, used));
        out = grown;
      }
      out.set(chunk, used);
      used += chunk.length;
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "EACCES") throw err;
    const why = code === "Z_BUF_ERROR" ? "truncated (the gzip stream ends early)" : `corrupt gzip data (${(err as Error).message})`;
    throw new MltrainError("data.parse", `cannot decompress the IDX file: ${why}; download it again`, { file: display });
  }
  return used === out.length ? out : out.subarray(0, used);
}

/** Parse the bytes of an (uncompressed) IDX file. */
export function parseIdx(bytes: Uint8Array, display: string): IdxArray {
  const bad = (message: string): never => {
    throw new MltrainError("data.parse", message, { file: display });
  };
  if (bytes.length < 4) bad(`truncated: ${bytes.length} byte${bytes.length === 1 ? "" : "s"}, too short for the 4-byte IDX magic number`);
  const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    bad(`not an IDX file: the magic number is ${magic}, expected 00 00 TYPE NDIMS (TYPE 08 u8, 09 i8, 0b i16, 0c i32, 0d f32, 0e f64)`);
  }
  const kind = idxTypes[bytes[2]];
  if (!kind) bad(`not an IDX file: unknown element type 0x${bytes[2].toString(16).padStart(2, "0")} in the magic number ${magic}; expected 08 u8, 09 i8, 0b i16, 0c i32, 0d f32 or 0e f64`);
  const [type, size] = kind!;
  const ndims = bytes[3];
  if (ndims === 0) bad(`the magic number ${magic} declares 0 dimensions; expected at least 1`);
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) bad(`truncated: the header of ${ndims} dimensions needs ${headerBytes} bytes, the file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let d = 0; d < ndims; d++) {
    dims.push(view.getUint32(4 + 4 * d, false));
    count *= dims[d];
  }
  const need = count * size;
  const have = bytes.length - headerBytes;
  const shape = `${dims.join(" x ")} ${type}`;
  if (have < need) bad(`truncated: ${shape} needs ${need} bytes of data, the file has ${have}`);
  if (have > need) bad(`${have - need} unexpected bytes after the ${shape} data (${need} bytes expected)`);
  return { type, dims, data: elements(headerBytes, count, type, size, bytes) };
}

/** Typed array of each multi-byte element type (u8 and i8 are views of the file's bytes). */
const wide = { i16: Int16Array, i32: Int32Array, f32: Float32Array, f64: Float64Array } as const;
const littleEndian = endianness() === "LE";

/** The big-endian elements after the header, as a native typed array: one copy, byte-swapped in place on little-endian hosts. */
function elements(at: number, n: number, type: IdxType, size: number, bytes: Uint8Array): IdxData {
  if (type === "u8") return bytes.subarray(at, at + n);
  if (type === "i8") return new Int8Array(bytes.buffer, bytes.byteOffset + at, n);
  const out = new wide[type](n);
  const raw = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  raw.set(bytes.subarray(at, at + n * size));
  if (littleEndian) {
    if (size === 2) raw.swap16();
    else if (size === 4) raw.swap32();
    else raw.swap64();
  }
  return out;
}

/** Encode an IDX file (uncompressed); for tests and fixtures. */
export function encodeIdx(type: IdxType, dims: number[], values: ArrayLike<number>): Uint8Array {
  const code = Number(Object.entries(idxTypes).find(([, [t]]) => t === type)![0]);
  const size = idxTypes[code][1];
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + values.length * size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < values.length; i++) {
    const o = header + i * size;
    const v = values[i];
    if (type === "u8") view.setUint8(o, v);
    else if (type === "i8") view.setInt8(o, v);
    else if (type === "i16") view.setInt16(o, v, false);
    else if (type === "i32") view.setInt32(o, v, false);
    else if (type === "f32") view.setFloat32(o, v, false);
    else view.setFloat64(o, v, false);
  }
  return out;
}
