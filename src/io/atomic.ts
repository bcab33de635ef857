// Atomic file writes: the text goes to a temporary file in the same folder, is flushed to disk, then
// renamed over the target. rename() within one folder is atomic on POSIX, so a reader (or a crash, or
// Ctrl-C) sees either the old file or the new one, never half of one. Synchronous on purpose: a SIGINT
// handler can call it and be sure the file is complete before the process exits.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { MltrainError } from "../errors.js";

let counter = 0;

/** Write `text` to `file` atomically (creating its folder). Failure: MltrainError io.write (exit 1), target untouched. */
export function writeFileAtomic(file: string, text: string): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${counter++}.tmp`);
  let fd: number | null = null;
  try {
    mkdirSync(dir, { recursive: true });
    fd = openSync(tmp, "w");
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    const e = err as NodeJS.ErrnoException;
    throw new MltrainError("io.write", `cannot write ${file}: ${e.code ?? ""} ${e.message}`.replace(/\s+/g, " "), { file });
  }
}

/** JSON with 2-space indentation and a final newline. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + "\n");
}
