// The headless fit (src/run/fit.ts) called as a library: its events, its run folder, and its kernels'
// lifetime (created per run, disposed when the run ends however it ends). What `mltrain fit` prints from
// the same run is tested end to end in test/e2e/fit*.test.ts.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WasmKernels } from "../../src/engine/index.js";
import { dryRunFit, runFit, type FitRunResult, type RunEvent } from "../../src/run/fit.js";
import { root, tmp } from "../e2e/cli.js";

const iris = { file: path.join(root, "configs", "iris.yaml"), overrides: ["training.epochs=3"], cwd: root };

/** A kernels factory that remembers what it made. */
function recording(): { made: WasmKernels[]; kernels: () => WasmKernels } {
  const made: WasmKernels[] = [];
  return { made, kernels: () => (made.push(new WasmKernels({ threads: 2 })), made[made.length - 1]) };
}

async function drain(gen: AsyncGenerator<RunEvent, FitRunResult, void>): Promise<{ events: RunEvent[]; done: FitRunResult }> {
  const events: RunEvent[] = [];
  let step = await gen.next();
  while (!step.done) {
    events.push(step.value);
    step = await gen.next();
  }
  return { events, done: step.value };
}

afterEach(() => vi.restoreAllMocks());

describe("runFit", () => {
  it("trains and writes the run folder, prints nothing, and disposes the run's kernels at its end", async () => {
    const out = path.join(tmp("run-fit"), "iris");
    const { made, kernels } = recording();
    const stdout = vi.spyOn(process.stdout, "write");
    const stderr = vi.spyOn(process.stderr, "write");
    const { events, done } = await drain(runFit(iris, { output: out, kernels }));

    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("run_start");
    expect(types.at(-1)).toBe("writing");
    expect(types.filter((t) => t === "epoch_end")).toHaveLength(3);
    expect(done.status).toBe("completed");
    expect(done.dir).toBe(out);
    expect(readdirSync(out).sort()).toEqual(["checkpoint.json", "config.yaml", "history.csv", "metrics.json", "model.json"]);
    expect(done.files.every((f) => f.startsWith(out + path.sep) && existsSync(f))).toBe(true);
    expect(done.test.rows).toBeGreaterThan(0);
    expect(done.test.values).toHaveProperty("accuracy");

    expect(made).toHaveLength(1);
    expect(made[0].disposed).toBe(true);
    expect(done.result.model.toJSON()).toHaveLength(2); // its weights stay readable
  });

  it("disposes the kernels when the config does not fit the data (an error after they were made)", async () => {
    const { made, kernels } = recording();
    const misfit = { ...iris, overrides: ["model.layers[1].units=5"] };
    await expect(drain(runFit(misfit, { output: path.join(tmp("run-fit"), "x"), kernels }))).rejects.toMatchObject({ code: "config.override" });
    expect(made).toHaveLength(1);
    expect(made[0].disposed).toBe(true);
  });

  it("disposes the kernels when the caller stops reading the events (return())", async () => {
    const { made, kernels } = recording();
    const out = path.join(tmp("run-fit"), "iris");
    const gen = runFit(iris, { output: out, kernels });
    expect((await gen.next()).value).toMatchObject({ type: "run_start" });
    await gen.return(undefined as never);
    expect(made[0].disposed).toBe(true);
    expect(existsSync(out)).toBe(false); // the staging folder is removed, nothing was committed
    expect(readdirSync(path.dirname(out))).toEqual([]);
  });
});

describe("dryRunFit", () => {
  it("builds the model and counts the rows, writes nothing, and disposes its kernels", async () => {
    const dir = tmp("run-dry");
    const { made, kernels } = recording();
    const dry = await dryRunFit(iris, { output: path.join(dir, "iris"), kernels });
    expect(dry.summary.map((r) => r.params)).toEqual([4 * 16 + 16, 16 * 3 + 3]);
    expect(dry.rows.train + dry.rows.validation + dry.rows.test).toBe(150);
    expect(readdirSync(dir)).toEqual([]);
    expect(made[0].disposed).toBe(true);
  });
});
