// Atomic file writes: the text goes to a temporary file in the same folder, is flushed to disk, then
// renamed over the target. rename() within one folder is atomic on POSIX, so a reader (or a crash, or
// Ctrl-C) sees either the old file or the new one, never half of one. Synchronous on purpose: a SIGINT
// handler can call it and be sure the file is complete before the process exits.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { MltrainError } from "../errors.js";

let counter = 0;

/** Write `text` (or bytes) to `file` atomically (creating its folder). Failure: MltrainError io.write (exit 1), target untouched. */
export function writeFileAtomic(file: string, text: string | Uint8Array): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${counter++}.tmp`);
  let fd: number | null = null;
  try {
    mkdirSync(dir, { recursive: true });
    fd = openSync(tmp, "w");
    if (typeof text === "string") writeSync(fd, text);
    else writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, file);
  } catch (err) {
    // Best-effort cleanup: when the folder is a file, rmSync fails too (ENOTDIR); report the write error.
    try {
      if (fd !== null) closeSync(fd);
      rmSync(tmp, { force: true });
    } catch {
      /* nothing to clean up */
    }
    const e = err as NodeJS.ErrnoException;
    const why = e.code && e.message.startsWith(e.code) ? e.message : `${e.code ?? ""} ${e.message}`;
    throw new MltrainError("io.write", `cannot write ${file}: ${why}`.replace(/\s+/g, " "), { file });
  }
}

/** JSON with 2-space indentation and a final newline. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + "\n");
}
