// The lock of a run folder: a file `.NAME.lock` beside the folder `NAME`, holding the owner's pid, host
// and start time, and made by link(2) from a complete temporary file (it fails when the lock exists, and
// a reader never sees a half-written lock). A second fit into the same folder finds it and stops;
// a lock whose process no longer runs (same host, pid gone) is stale and taken over. A lock from another
// host cannot be checked and is respected. Synchronous, so a SIGINT handler or process "exit" can release it.
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { MltrainError } from "../errors.js";

export interface LockOwner {
  pid: number;
  host: string;
  started: string;
}

export interface RunLock {
  file: string;
  /** The owner of the stale lock this one replaced, else null. */
  tookOver: LockOwner | null;
  /** Remove the lock file (only while it is still ours); safe to call twice. */
  release(): void;
}

/** `.NAME.lock` beside `dir`. */
export function lockFileOf(dir: string): string {
  return path.join(path.dirname(dir), `.${path.basename(dir)}.lock`);
}

/** The lock's owner, or null when there is no lock file (an unreadable one counts as held by nobody known). */
export function readLock(file: string): LockOwner | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid === "number" && typeof o.host === "string") return { pid: o.pid, host: o.host, started: String(o.started ?? "?") };
  } catch {
    /* a half-written or foreign file: below */
  }
  return { pid: 0, host: hostname(), started: "?" };
}

/** False only when `owner` is on this host and its pid no longer runs (kill(pid, 0) says ESRCH). */
export function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid <= 0) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** The error for a folder whose lock a live process holds (exit 2). */
export function lockedError(dir: string, owner: LockOwner, show: (p: string) => string): MltrainError {
  return new MltrainError(
    "run.locked",
    `${show(dir)} is being written by another mltrain fit (pid ${owner.pid} on ${owner.host}, started ${owner.started}): ` +
      `wait for it to end, or choose another -o DIR (lock: ${show(lockFileOf(dir))})`,
  );
}

/**
 * Take the lock of `dir` (its parent folder must exist). Throws run.locked when a live process holds it.
 * A stale lock is first moved aside under a unique name and checked to be the one read, so two runs that
 * find the same stale lock cannot both take it over.
 */
export function acquireRunLock(dir: string, show: (p: string) => string): RunLock {
  const file = lockFileOf(dir);
  const me: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const text = JSON.stringify(me) + "\n";
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  let tookOver: LockOwner | null = null;
  try {
    for (let attempt = 0; ; attempt++) {
      if (createFrom(tmp, file)) break;
      if (attempt >= 5) throw lockedError(dir, readLock(file) ?? { pid: 0, host: "?", started: "?" }, show);
      tookOver = takeOverIfStale(dir, file, show) ?? tookOver;
    }
  } finally {
    rmSync(tmp, { force: true });
  }
  let held = true;
  return {
    file,
    tookOver,
    release() {
      if (!held) return;
      held = false;
      const now = readLock(file);
      if (now?.pid === me.pid && now.started === me.started) rmSync(file, { force: true });
    },
  };
}

/** Remove `file` when its owner no longer runs and return that owner; null when it went meanwhile. Throws run.locked when alive. */
function takeOverIfStale(dir: string, file: string, show: (p: string) => string): LockOwner | null {
  const owner = readLock(file);
  if (owner === null) return null; // released meanwhile
  if (isAlive(owner)) throw lockedError(dir, owner, show);
  const aside = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch {
    return null; // another run moved it first
  }
  const moved = readLock(aside);
  if (moved && moved.pid === owner.pid && moved.started === owner.started) {
    rmSync(aside, { force: true });
    return owner;
  }
  // another run's fresh lock: put it back (unless a third run took the name), meet it on the next attempt
  createFrom(aside, file);
  rmSync(aside, { force: true });
  return null;
}

/** Make `file` from `tmp` unless it exists (false then): link(2), or an exclusive create where links fail. */
function createFrom(tmp: string, file: string): boolean {
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw err;
  }
  try {
    writeFileSync(file, readFileSync(tmp, "utf8"), { flag: "wx" });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
}
