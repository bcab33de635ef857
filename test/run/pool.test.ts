// JobPool with real child processes (dist/run/pool_child.js: needs `npm run build`): fit jobs run and
// stream their epochs, a paused job is stopped at its next batch, a killed child fails its job as
// crashed and is replaced, bad configs come back as MltrainError fields, a custom runner module runs
// with its `extra`, and dispose leaves no process behind.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { JobPool } from "../../src/run/pool.js";
import type { FitJobResult, JobEvent } from "../../src/run/pool_job.js";
import { root, tmp } from "../e2e/cli.js";

const iris = path.join(root, "configs", "iris.yaml");
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const fitJob = (cwd: string, output: string, set: string[] = []) => ({
  source: { file: iris, overrides: ["training.epochs=3", ...set], cwd },
  options: { output },
});

const pools: JobPool[] = [];
const pool = (size: number) => {
  const p = new JobPool({ size });
  pools.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.dispose()));
});

describe("JobPool", () => {
  it("runs fit jobs in two children, streams each epoch, and gives the same model as in one child", async () => {
    const dir = tmp("pool");
    const p2 = pool(2);
    const epochs: Record<string, number[]> = { a: [], b: [] };
    const a = p2.run<FitJobResult>(fitJob(dir, "a"), (ev) => void (ev.type === "epoch_end" && epochs.a.push(ev.epoch as number)));
    const b = p2.run<FitJobResult>(fitJob(dir, "b", ["seed=7"]), (ev) => void (ev.type === "epoch_end" && epochs.b.push(ev.epoch as number)));
    const [oa, ob] = await Promise.all([a.outcome, b.outcome]);
    expect(oa.kind).toBe("done");
    expect(ob.kind).toBe("done");
    expect(epochs).toEqual({ a: [1, 2, 3], b: [1, 2, 3] });
    expect(p2.pids()).toHaveLength(2);
    const ra = (oa as { result: FitJobResult }).result;
    expect(ra.status).toBe("completed");
    expect(ra.dir).toBe(path.join(dir, "a"));
    expect(ra.history.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(ra.keptEpoch).toBe(3);

    const p1 = pool(1);
    const c = await p1.run<FitJobResult>(fitJob(dir, "c")).outcome;
    expect(c.kind).toBe("done");
    expect(readFileSync(path.join(dir, "c", "model.json"), "utf8")).toBe(readFileSync(path.join(dir, "a", "model.json"), "utf8"));
  });

  it("pauses after each epoch_end until answered; stop ends the job after its next batch", async () => {
    const dir = tmp("pool");
    const p = pool(1);
    const seen: number[] = [];
    const h = p.run<FitJobResult>({ ...fitJob(dir, "run"), pauseAfter: ["epoch_end"] }, (ev) => {
      if (ev.type !== "epoch_end") return;
      seen.push(ev.epoch as number);
      h.proceed(ev.epoch === 2);
    });
    const o = await h.outcome;
    expect(seen).toEqual([1, 2]);
    expect(o.kind).toBe("done");
    const r = (o as { result: FitJobResult }).result;
    expect(r.status).toBe("interrupted");
    expect(r.history).toHaveLength(2);
    expect(r.partial).toBe(path.join(dir, "run.partial"));
  });

  it("a config error comes back as the MltrainError's code, message and place", async () => {
    const dir = tmp("pool");
    const o = await pool(1).run(fitJob(dir, "x", ["model.layers[0].units=1.5"])).outcome;
    expect(o.kind).toBe("error");
    const e = (o as { error: { code: string; message: string; details: readonly string[] } }).error;
    expect({ code: e.code, lines: [...e.details, e.message].map((l) => l.replaceAll(root, "ROOT")) }).toMatchInlineSnapshot(`
      {
        "code": "config.override",
        "lines": [
          "--set model.layers[0].units=1.5: model.layers[0].units: expected a positive integer, got 1.5",
          "invalid config (1 problem); nothing was run",
        ],
      }
    `);
  });

  it("a killed child fails its job as crashed and the pool replaces it", async () => {
    const dir = tmp("pool");
    const p = pool(1);
    const h = p.run(fitJob(dir, "k", ["training.epochs=1000"]), (ev) => {
      if (ev.type === "epoch_end" && ev.epoch === 1) process.kill(h.pid()!, "SIGKILL");
    });
    const o = await h.outcome;
    expect(o).toMatchObject({ kind: "crashed", signal: "SIGKILL" });
    expect((o as { message: string }).message).toContain("killed by SIGKILL");
    const again = await p.run<FitJobResult>(fitJob(dir, "k2")).outcome;
    expect(again.kind).toBe("done");
  });

  it("a job names its own runner module and passes it extra", async () => {
    const dir = tmp("pool");
    const runner = path.join(dir, "echo_runner.mjs");
    writeFileSync(runner, "export async function* runJob(job) { yield { type: 'got', extra: job.extra }; return { sum: job.extra.ids.reduce((a, b) => a + b, 0), nan: NaN }; }\n");
    const events: JobEvent[] = [];
    const o = await pool(1).run({ source: { file: "", overrides: [], cwd: dir }, options: {}, runner, extra: { ids: [1, 2, 3] } }, (ev) => void events.push(ev)).outcome;
    expect(events).toEqual([{ type: "got", extra: { ids: [1, 2, 3] } }]);
    expect(o).toEqual({ kind: "done", result: { sum: 6, nan: NaN } });
  });

  it("dispose ends every child (also one mid-job) and cancels queued jobs", async () => {
    const dir = tmp("pool");
    const p = new JobPool({ size: 1 });
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const a = p.run(fitJob(dir, "a", ["training.epochs=1000"]), (ev) => void (ev.type === "epoch_end" && started()));
    const b = p.run(fitJob(dir, "b"));
    await running;
    const pids = p.pids();
    expect(pids).toHaveLength(1);
    await p.dispose();
    expect(pids.filter(alive)).toEqual([]);
    expect((await a.outcome).kind).toBe("crashed");
    expect(await b.outcome).toEqual({ kind: "cancelled" });
    expect(await p.run(fitJob(dir, "c")).outcome).toEqual({ kind: "cancelled" });
  });

  it("kill -9 of the pool's process ends its children too (the IPC channel closes)", async () => {
    const dir = tmp("pool");
    const script = path.join(dir, "parent.mjs");
    const poolUrl = pathToFileURL(path.join(root, "dist", "run", "pool.js")).href;
    writeFileSync(script, `import { JobPool } from ${JSON.stringify(poolUrl)};
const pool = new JobPool({ size: 1 });
const h = pool.run({ source: { file: ${JSON.stringify(iris)}, overrides: ["training.epochs=100000"], cwd: ${JSON.stringify(dir)} }, options: { output: "x" } },
  (ev) => { if (ev.type === "epoch_end" && ev.epoch === 1) console.log("child " + h.pid()); });
`);
    const parent = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    const pid = await new Promise<number>((resolve) => parent.stdout.on("data", (d) => ((out += d), /child (\d+)/.test(out) && resolve(Number(/child (\d+)/.exec(out)![1])))));
    expect(alive(pid)).toBe(true);
    parent.kill("SIGKILL");
    for (let i = 0; i < 200 && alive(pid); i++) await sleep(50); // until it is gone (at most 10 s)
    expect(alive(pid)).toBe(false);
  });
});
