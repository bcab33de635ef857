// One run folder, one run. A fit writes into a staging folder beside the run folder DIR (same parent, so
// the same filesystem): `.NAME.staging-PID/`, checkpoints included, while it holds DIR's lock
// (run_lock.ts). When the run completes, the staging folder replaces DIR as a whole (DIR is renamed
// aside, the staging folder renamed to DIR, the earlier run removed): readers see the earlier run or the
// new one, never a mix. A run that diverges or is interrupted leaves DIR as it was and its files
// (checkpoint.json, partial history.csv and metrics.json) in `DIR.partial/`, which `--resume` reads.
// A crash between the two renames leaves `.NAME.old-PID/`; the next run puts it back as DIR.
import { accessSync, constants, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import { MltrainError } from "../errors.js";
import { acquireRunLock, isAlive, lockedError, lockFileOf, readLock, type LockOwner, type RunLock } from "./run_lock.js";

/** The files fit and `mltrain report` write into a run folder; anything else in it is the user's. */
export const RUN_FOLDER_FILES: readonly string[] = ["checkpoint.json", "config.yaml", "history.csv", "metrics.json", "model.json", "predictions.csv", "images.csv", "report.html"];

/** Where a failed or interrupted run's files go: `DIR.partial` beside DIR. */
export function partialDirOf(dir: string): string {
  return `${dir}.partial`;
}

const statOrNull = (p: string): Stats | null => {
  try {
    return statSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw err;
  }
};

/** What a kind of folder may hold: its writer's own entries; anything else is the user's and is never replaced. */
export interface FolderContents {
  /** The command that writes it, for messages ("fit", "cv"). */
  writer: string;
  /** Whether an entry (a file, or a folder when `isDir`) is one the writer makes. */
  owns(name: string, isDir: boolean): boolean;
}

/** A run folder: fit's files (and an editor's or the OS's leftovers). */
export const RUN_FOLDER: FolderContents = {
  writer: "fit",
  owns: (name, isDir) => !isDir && (RUN_FOLDER_FILES.includes(name) || name === ".DS_Store" || /^\..*\.tmp$/.test(name)),
};

/**
 * Throw run.output (exit 2) unless a run folder can be written at `dir`: DIR, when it exists, is a folder
 * holding only what its writer makes (`contents`, default a fit's run folder); no part of its path is a
 * file; the nearest existing folder is writable. Writes nothing.
 */
export function checkRunDir(dir: string, show: (p: string) => string, contents: FolderContents = RUN_FOLDER): void {
  const fail = (message: string) => new MltrainError("run.output", message);
  const st = statOrNull(dir);
  if (st && !st.isDirectory()) throw fail(`cannot write the run folder ${show(dir)}: it is a file, not a folder; give -o a folder`);
  if (st) {
    const foreign = readdirSync(dir, { withFileTypes: true })
      .filter((e) => !((e.isFile() || e.isDirectory()) && contents.owns(e.name, e.isDirectory())))
      .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
      .sort();
    if (foreign.length > 0) {
      throw fail(
        `cannot use ${show(dir)} as the run folder: it holds files ${contents.writer} does not write (${foreign.join(", ")}), ` +
          "and a run replaces its folder as a whole; choose another -o DIR or move them",
      );
    }
  }
  let existing = path.dirname(dir);
  for (let s = statOrNull(existing); !s; s = statOrNull(existing)) existing = path.dirname(existing);
  if (!statSync(existing).isDirectory()) throw fail(`cannot create the run folder ${show(dir)}: ${show(existing)} is a file, not a folder`);
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw fail(`cannot write the run folder ${show(dir)}: ${show(existing)} is not writable (${(err as NodeJS.ErrnoException).code})`);
  }
}

/** Throw run.locked when a live process holds `dir`'s lock (for --dry-run: looks, takes nothing). */
export function checkRunDirLock(dir: string, show: (p: string) => string): void {
  const owner = readLock(lockFileOf(dir));
  if (owner && isAlive(owner)) throw lockedError(dir, owner, show);
}

/** A run being written: DIR's lock held, its files going to the staging folder. */
export class StagedRun {
  readonly partial: string;
  /** The folder the run writes (checkpoints during training, then every file). */
  readonly staging: string;
  /** Whether DIR held an earlier run when this one started. */
  readonly replaces: boolean;
  private readonly lock: RunLock;
  private done = false;

  private constructor(readonly dir: string, lock: RunLock) {
    this.lock = lock;
    this.partial = partialDirOf(dir);
    this.staging = path.join(path.dirname(dir), `.${path.basename(dir)}.staging-${process.pid}`);
    this.replaces = statOrNull(dir) !== null;
  }

  /**
   * Check `dir` (checkRunDir), take its lock, clear what dead runs left beside it, create the staging
   * folder. `overwrite: false` (--no-overwrite): run.exists when DIR exists, checked under the lock.
   * `contents`: what DIR may hold (default a fit's run folder; cv's folder holds fold folders).
   */
  static open(dir: string, show: (p: string) => string, opts: { overwrite?: boolean; contents?: FolderContents } = {}): StagedRun {
    checkRunDir(dir, show, opts.contents);
    makeParent(dir, show);
    const lock = acquireRunLock(dir, show);
    return StagedRun.take(dir, lock, () => {
      if (opts.overwrite === false && statOrNull(dir) !== null) throw existsError(dir, show);
    });
  }

  /**
   * The run folder `template` with `{n}` replaced by the first number (1, 2, ...) whose folder and
   * DIR.partial do not exist and whose lock this process takes: a number another fit holds is skipped,
   * and one that a fit committed between the look and the lock is given back, so two concurrent fits
   * never get the same folder.
   */
  static openNumbered(template: string, show: (p: string) => string, contents?: FolderContents): StagedRun {
    for (let n = 1; ; n++) {
      const dir = template.replaceAll(RUN_NUMBER, String(n));
      if (taken(dir)) continue;
      checkRunDir(dir, show, contents);
      makeParent(dir, show);
      let lock: RunLock;
      try {
        lock = acquireRunLock(dir, show);
      } catch (err) {
        if (err instanceof MltrainError && err.code === "run.locked") continue;
        throw err;
      }
      if (taken(dir)) {
        lock.release();
        continue;
      }
      return StagedRun.take(dir, lock);
    }
  }

  private static take(dir: string, lock: RunLock, check?: () => void): StagedRun {
    try {
      check?.();
      clearLeftovers(dir);
      const run = new StagedRun(dir, lock);
      mkdirSync(run.staging);
      return run;
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  /** The stale lock's owner this run took over, else null. */
  get tookOver(): LockOwner | null {
    return this.lock.tookOver;
  }

  /**
   * The completed run becomes DIR: the earlier run folder is replaced as a whole. `dropPartial` (the run
   * resumed from DIR.partial's checkpoint) removes DIR.partial too. Releases the lock.
   */
  commit(dropPartial = false): void {
    this.finish(() => {
      if (statOrNull(this.dir) === null) renameSync(this.staging, this.dir);
      else {
        const old = path.join(path.dirname(this.dir), `.${path.basename(this.dir)}.old-${process.pid}`);
        renameSync(this.dir, old);
        renameSync(this.staging, this.dir);
        rmSync(old, { recursive: true, force: true });
      }
      if (dropPartial) rmSync(this.partial, { recursive: true, force: true });
    });
  }

  /** A failed or interrupted run's files go to DIR.partial (replacing an earlier one); DIR stays as it was. Releases the lock. */
  keepPartial(): void {
    this.finish(() => {
      rmSync(this.partial, { recursive: true, force: true });
      renameSync(this.staging, this.partial);
    });
  }

  /** Remove the staging folder (an error before the run's files were complete). Releases the lock. */
  discard(): void {
    this.finish(() => rmSync(this.staging, { recursive: true, force: true }));
  }

  /** Map a path inside the staging folder to where it is after commit() / keepPartial(). */
  finalPath(file: string, completed: boolean): string {
    const rel = path.relative(this.staging, file);
    return rel.startsWith("..") || path.isAbsolute(rel) ? file : path.join(completed ? this.dir : this.partial, rel);
  }

  /** Leaving the scope of `using run = StagedRun.open(...)` without commit() or keepPartial(): discard(). */
  [Symbol.dispose](): void {
    if (!this.done) this.discard();
  }

  private finish(move: () => void): void {
    this.done = true;
    try {
      move();
    } catch (err) {
      throw new MltrainError("io.write", `cannot move the run's files from ${this.staging} into place: ${(err as Error).message}`);
    } finally {
      this.lock.release();
    }
  }

  /** Release the lock and leave the files where they are (the process is exiting). */
  release(): void {
    this.lock.release();
  }
}

/**
 * With DIR's lock held, every `.NAME.staging-*` and `.NAME.old-*` beside it was left by a run that died: an
 * old folder whose DIR is missing (a crash between commit's renames) becomes DIR again, the rest is removed.
 */
function clearLeftovers(dir: string): void {
  const parent = path.dirname(dir);
  const prefix = `.${path.basename(dir)}.`;
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix) || !/^(staging|old)-\d+$/.test(name.slice(prefix.length))) continue;
    const p = path.join(parent, name);
    if (!lstatSync(p).isDirectory()) continue;
    if (name.slice(prefix.length).startsWith("old-") && statOrNull(dir) === null) renameSync(p, dir);
    else rmSync(p, { recursive: true, force: true });
  }
}

/** `{n}` in a run folder template: replaced by the next free number (1, 2, ...). */
export const RUN_NUMBER = "{n}";

/** The error for an existing run folder under --no-overwrite (exit 2). */
export function existsError(dir: string, show: (p: string) => string): MltrainError {
  return new MltrainError(
    "run.exists",
    `${show(dir)} already holds a run and --no-overwrite keeps it: choose another -o DIR, number the runs with -o '${show(dir)}-{n}' ` +
      "(a new folder each run), or leave --no-overwrite out to replace it",
  );
}

/** Whether `dir` (or its DIR.partial) exists: a numbered run skips such a number. */
function taken(dir: string): boolean {
  return statOrNull(dir) !== null || statOrNull(partialDirOf(dir)) !== null;
}

/** The first folder of `template` (holding `{n}`) with no run and no DIR.partial, no lock taken (for --dry-run). */
export function nextNumberedDir(template: string): string {
  for (let n = 1; ; n++) {
    const dir = template.replaceAll(RUN_NUMBER, String(n));
    if (!taken(dir) && !(readLock(lockFileOf(dir)) && isAlive(readLock(lockFileOf(dir))!))) return dir;
  }
}

function makeParent(dir: string, show: (p: string) => string): void {
  try {
    mkdirSync(path.dirname(dir), { recursive: true });
  } catch (err) {
    throw new MltrainError("run.output", `cannot create the run folder ${show(dir)}: ${(err as Error).message}`);
  }
}
