// The run folder's staging, swap and lock (src/io/run_dir.ts, run_lock.ts) in-process; the CLI's use of
// them, with real concurrent processes, is in test/e2e/fit_run_folder.test.ts.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { StagedRun } from "../../src/io/index.js";
import { acquireRunLock, lockFileOf, readLock } from "../../src/io/run_lock.js";

const tmp = () => mkdtempSync(path.join(tmpdir(), "mltrain-rundir-"));
const show = (p: string) => path.basename(p);
const errorOf = (f: () => unknown): { code?: string; message?: string } => {
  try {
    f();
  } catch (e) {
    return e as { code: string; message: string };
  }
  return {};
};

describe("the run folder's lock", () => {
  it("is held once: a second taker (here the same live pid) gets run.locked naming the holder", () => {
    const dir = path.join(tmp(), "d");
    const lock = acquireRunLock(dir, show);
    expect(readLock(lockFileOf(dir))).toMatchObject({ pid: process.pid, host: hostname() });
    const err = errorOf(() => acquireRunLock(dir, show));
    expect(err.code).toBe("run.locked");
    expect(err.message!.replace(String(process.pid), "PID").replace(hostname(), "HOST").replace(/started \S+\)/, "started TIME)")).toMatchInlineSnapshot(
      `"d is being written by another mltrain fit (pid PID on HOST, started TIME): wait for it to end, or choose another -o DIR (lock: .d.lock)"`,
    );
    lock.release();
    expect(readdirSync(path.dirname(dir))).toEqual([]);
    acquireRunLock(dir, show).release();
  });

  it("release() leaves a lock that is no longer its own (another run's) in place", () => {
    const dir = path.join(tmp(), "d");
    const lock = acquireRunLock(dir, show);
    const other = JSON.stringify({ pid: process.pid, host: hostname(), started: "another run" });
    writeFileSync(lockFileOf(dir), other);
    lock.release();
    expect(readFileSync(lockFileOf(dir), "utf8")).toBe(other);
  });

  it("a lock file that is not a lock (empty, garbage) counts as stale and is taken over", () => {
    const dir = path.join(tmp(), "d");
    writeFileSync(lockFileOf(dir), "");
    const lock = acquireRunLock(dir, show);
    expect(lock.tookOver).toMatchObject({ pid: 0 });
    expect(readLock(lockFileOf(dir))).toMatchObject({ pid: process.pid });
    lock.release();
  });
});

describe("StagedRun", () => {
  it("commit() replaces the folder as a whole and keepPartial() leaves it as it was", () => {
    const parent = tmp();
    const dir = path.join(parent, "d");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "report.html"), "old");
    const a = StagedRun.open(dir, show);
    expect(a.replaces).toBe(true);
    writeFileSync(path.join(a.staging, "model.json"), "new");
    expect(a.finalPath(path.join(a.staging, "model.json"), true)).toBe(path.join(dir, "model.json"));
    a.commit();
    expect(readdirSync(dir)).toEqual(["model.json"]);

    const b = StagedRun.open(dir, show);
    writeFileSync(path.join(b.staging, "checkpoint.json"), "partial");
    expect(b.finalPath(path.join(b.staging, "checkpoint.json"), false)).toBe(path.join(parent, "d.partial", "checkpoint.json"));
    b.keepPartial();
    expect(readdirSync(dir)).toEqual(["model.json"]);
    expect(readdirSync(parent).sort()).toEqual(["d", "d.partial"]);
  });

  it("leaving a `using` scope by an error removes the staging folder and the lock", () => {
    const parent = tmp();
    const dir = path.join(parent, "d");
    expect(() => {
      using run = StagedRun.open(dir, show);
      writeFileSync(path.join(run.staging, "checkpoint.json"), "{}");
      throw new Error("boom");
    }).toThrow("boom");
    expect(readdirSync(parent)).toEqual([]);
  });

  it("what a dead run left beside the folder is cleared: a staging folder removed, an old folder whose DIR is missing put back", () => {
    const parent = tmp();
    const dir = path.join(parent, "d");
    mkdirSync(path.join(parent, ".d.staging-999999"));
    mkdirSync(path.join(parent, ".d.old-999999"));
    writeFileSync(path.join(parent, ".d.old-999999", "model.json"), "earlier run");
    writeFileSync(path.join(parent, ".dd.staging-1"), "not ours");
    const run = StagedRun.open(dir, show);
    expect(run.replaces).toBe(true);
    expect(readFileSync(path.join(dir, "model.json"), "utf8")).toBe("earlier run");
    run.discard();
    expect(readdirSync(parent).sort()).toEqual([".dd.staging-1", "d"]);
  });
});
