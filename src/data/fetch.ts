// `mltrain data fetch NAME`: download a named dataset's files from where they are published into the
// cache, checked against the published checksums. Each file is written as NAME.part and renamed only
// once its checksum matches: the final name never holds a partial or corrupt file. An interrupted
// download keeps its .part and the next fetch resumes it (HTTP Range); a checksum mismatch deletes it.
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { DatasetName } from "../config/schema.js";
import { MltrainError } from "../errors.js";
import { cacheDir, datasets, type DatasetFile, type Env } from "./datasets.js";

export interface FetchProgress {
  file: string;
  /** Bytes on disk so far (a resumed download starts above 0). */
  received: number;
  /** Content length when the server says it; null otherwise. */
  total: number | null;
}

export interface FetchOptions {
  /** The data root (files go to ROOT/NAME/); default $MLTRAIN_DATA, else ~/.cache/mltrain. */
  root?: string;
  /** The folder URL the files are fetched from (default: the published one; env MLTRAIN_FETCH_BASE). */
  baseUrl?: string;
  env?: Env;
  onStart?: (file: string, resumeFrom: number) => void;
  onProgress?: (p: FetchProgress) => void;
  onDone?: (file: string, outcome: FetchedFile) => void;
}

export interface FetchedFile {
  name: string;
  path: string;
  /** downloaded now, or already there with the right checksum. */
  status: "downloaded" | "present";
  bytes: number;
}

/** The folder the files of `name` are written to. */
function fetchDir(name: DatasetName, opts: Pick<FetchOptions, "root" | "env"> = {}): string {
  return opts.root !== undefined ? path.resolve(opts.root, name) : cacheDir(name, opts.env ?? process.env);
}

/** Download (or verify) every file of `name`. fetch.failed (exit 1) on a network error or a bad checksum. */
export async function fetchDataset(name: DatasetName, opts: FetchOptions = {}): Promise<{ dir: string; files: FetchedFile[] }> {
  const env = opts.env ?? process.env;
  const d = datasets[name];
  const dir = fetchDir(name, opts);
  let base = opts.baseUrl ?? env.MLTRAIN_FETCH_BASE ?? d.url;
  if (!base.endsWith("/")) base += "/";
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new MltrainError("io.write", `cannot create the folder: ${(err as Error).message}`, { file: dir });
  }
  const files: FetchedFile[] = [];
  for (const f of Object.values(d.files)) {
    const out = await fetchFile(f, new URL(f.name, base).href, dir, opts);
    opts.onDone?.(f.name, out);
    files.push(out);
  }
  return { dir, files };
}

async function fetchFile(f: DatasetFile, url: string, dir: string, opts: FetchOptions): Promise<FetchedFile> {
  const target = path.join(dir, f.name);
  if (existsSync(target) && (await digest(target, f.checksum.algorithm)) === f.checksum.hex) {
    return { name: f.name, path: target, status: "present", bytes: (await stat(target)).size };
  }
  const part = `${target}.part`;
  const have = existsSync(part) ? (await stat(part)).size : 0;
  opts.onStart?.(f.name, have);
  const fail = (why: string): never => {
    throw new MltrainError("fetch.failed", `${why} (${url})`, { file: f.name });
  };
  let res: Response;
  try {
    res = await fetch(url, { headers: have > 0 ? { Range: `bytes=${have}-` } : {} });
  } catch (err) {
    return fail(`cannot connect: ${causeOf(err)}; check the network, or set --base-url / MLTRAIN_FETCH_BASE to a mirror`);
  }
  const resumed = res.status === 206 && have > 0;
  if (res.status === 416 && have > 0) {
    // the .part already has every byte: check it below
  } else if (!res.ok || res.body === null) {
    fail(`the server answered HTTP ${res.status} ${res.statusText}`.trimEnd());
  }
  const length = Number(res.headers.get("content-length") ?? NaN);
  const total = res.status === 416 ? have : Number.isFinite(length) ? length + (resumed ? have : 0) : null;
  if (res.status !== 416) {
    const fh = await open(part, resumed ? "a" : "w");
    let received = resumed ? have : 0;
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        await fh.write(chunk);
        received += chunk.length;
        opts.onProgress?.({ file: f.name, received, total });
      }
    } catch (err) {
      await fh.close();
      fail(`download interrupted after ${received} of ${total ?? "?"} bytes (${causeOf(err)}); run the command again to resume from ${path.basename(part)}`);
    }
    await fh.close();
    if (total !== null && received < total) {
      fail(`download interrupted after ${received} of ${total} bytes; run the command again to resume from ${path.basename(part)}`);
    }
  }
  const got = await digest(part, f.checksum.algorithm);
  if (got !== f.checksum.hex) {
    await rm(part, { force: true });
    fail(`checksum mismatch: ${f.checksum.algorithm} ${got}, expected ${f.checksum.hex} (as published); the download was deleted, nothing was kept`);
  }
  await rename(part, target);
  return { name: f.name, path: target, status: "downloaded", bytes: (await stat(target)).size };
}

/** Hex digest of a file, streamed. */
export async function digest(file: string, algorithm: "md5" | "sha256"): Promise<string> {
  const h = createHash(algorithm);
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

function causeOf(err: unknown): string {
  const e = err as Error & { cause?: Error & { code?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message;
}
