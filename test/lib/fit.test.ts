// Level 3 of the library: fit(configOrPath) is `mltrain fit` without the printing (src/lib/fit.ts over
// src/run/fit.ts), and defineConfig's objects are checked as a YAML file is. The event stream (Events):
// iterated once, `result` the outcome, a loop left early ends the run.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cv, defineConfig, fit, MltrainError, tune } from "../../src/index.js";
import { mltrain, root, tmp } from "../e2e/cli.js";
import { csvWithoutSeconds, STUDY, studyDir } from "../e2e/tune_study.js";

const layers = (dir: string) => (JSON.parse(readFileSync(path.join(dir, "model.json"), "utf8")) as { layers: unknown }).layers;

async function rejection(p: Promise<unknown>): Promise<MltrainError> {
  const e = await p.then(() => new Error("resolved"), (e: unknown) => e);
  if (e instanceof MltrainError) return e;
  throw e;
}

describe("fit(configOrPath)", () => {
  it("trains a config file to the same weights and run folder as `mltrain fit` with the same --set", async () => {
    const out = tmp("lib-fit");
    const cli = mltrain(["fit", "configs/iris.yaml", "--set", "training.epochs=4", "-o", path.join(out, "cli")], root);
    expect(cli.code).toBe(0);
    const run = fit("configs/iris.yaml", { cwd: root, set: ["training.epochs=4"], output: path.join(out, "lib") });
    const epochs: number[] = [];
    for await (const ev of run) if (ev.type === "epoch_end") epochs.push(ev.epoch);
    const done = await run.result;
    expect(epochs).toEqual([1, 2, 3, 4]);
    expect(done.status).toBe("completed");
    expect(done.dir).toBe(path.join(out, "lib"));
    expect(layers(done.dir)).toEqual(layers(path.join(out, "cli")));
    expect(done.files.map((f) => path.basename(f)).sort()).toEqual(["checkpoint.json", "config.yaml", "history.csv", "metrics.json", "model.json"]);
  });

  it("trains a defineConfig object, its paths relative to cwd; awaiting result alone runs it", async () => {
    const out = tmp("lib-define");
    const config = defineConfig({
      name: "iris-code",
      data: { path: "datasets/iris.csv", target: "species" },
      model: { layers: [{ type: "dense", units: 8, activation: "relu" }, { type: "dense", activation: "softmax" }] },
      training: { epochs: 2 },
    });
    const done = await fit(config, { cwd: root, output: path.join(out, "{name}") }).result;
    expect(done.status).toBe("completed");
    expect(done.dir).toBe(path.join(out, "iris-code"));
    expect(done.task).toBe("multiclass");
    expect(existsSync(path.join(done.dir, "model.json"))).toBe(true);
  });

  it("a misspelt key of a config object is config.invalid naming its key path (no line:col: the text was generated)", async () => {
    const config = { data: { path: "datasets/iris.csv", target: "species" }, model: { layers: [{ type: "dense" }] }, training: { epochz: 2 } };
    const e = await rejection(fit(config as never, { cwd: root, output: tmp("lib-bad") }).result);
    expect(e.code).toBe("config.invalid");
    expect([e.message, ...e.details]).toMatchInlineSnapshot(`
      [
        "invalid config (1 problem); nothing was run",
        "fit config: training.epochz: unknown key; did you mean "epochs"?",
      ]
    `);
  });

  it("an aborted signal stops after the current batch: status interrupted, the checkpoint kept in DIR.partial", async () => {
    const out = path.join(tmp("lib-abort"), "iris");
    const stop = new AbortController();
    const run = fit("configs/iris.yaml", { cwd: root, output: out, signal: stop.signal });
    for await (const ev of run) if (ev.type === "epoch_end" && ev.epoch === 2) stop.abort();
    const done = await run.result;
    expect(done.status).toBe("interrupted");
    expect(done.result.epochsRun).toBe(2);
    expect(existsSync(path.join(`${out}.partial`, "checkpoint.json"))).toBe(true);
    expect(existsSync(out)).toBe(false);
  });

  it("leaving the loop early ends the run: result rejects (interrupted), nothing is left in DIR; a second loop is refused", async () => {
    const out = path.join(tmp("lib-break"), "iris");
    const run = fit("configs/iris.yaml", { cwd: root, output: out });
    for await (const ev of run) if (ev.type === "epoch_end") break;
    expect((await rejection(run.result)).code).toBe("interrupted");
    expect(existsSync(out)).toBe(false);
    expect(() => run[Symbol.asyncIterator]()).toThrow(/iterated once/);
  });
});

describe("cv(configOrPath)", () => {
  it("cross-validates a config file to the scores `mltrain cv` gives, fold by fold", async () => {
    const out = tmp("lib-cv");
    const args = ["--folds", "3", "--set", "training.epochs=3"];
    expect(mltrain(["cv", "configs/iris.yaml", ...args, "-o", path.join(out, "cli")], root).code).toBe(0);
    const run = cv("configs/iris.yaml", { cwd: root, folds: 3, set: ["training.epochs=3"], output: path.join(out, "lib") });
    const folds: number[] = [];
    for await (const ev of run) if (ev.type === "fold_end") folds.push(ev.fold);
    const done = await run.result;
    expect(folds).toEqual([1, 2, 3]);
    expect(done.status).toBe("completed");
    const cli = JSON.parse(readFileSync(path.join(out, "cli", "cv.json"), "utf8"));
    expect(done.cv.runs.map((r) => r.validation)).toEqual(cli.runs.map((r: { validation: unknown }) => r.validation));
    expect(done.cv.mean).toEqual(cli.mean);
  });

  it("cross-validates a defineConfig object", async () => {
    const config = defineConfig({
      name: "iris-cv-code",
      data: { path: "datasets/iris.csv", target: "species" },
      model: { layers: [{ type: "dense", units: 4, activation: "tanh" }, { type: "dense", activation: "softmax" }] },
      training: { epochs: 2 },
    });
    const done = await cv(config, { cwd: root, folds: 2, output: path.join(tmp("lib-cv-code"), "{name}") }).result;
    expect(done.status).toBe("completed");
    expect(done.cv.runs).toHaveLength(2);
    expect(path.basename(done.dir)).toBe("iris-cv-code");
    expect(existsSync(done.file)).toBe(true);
  });
});

describe("tune(configPath)", () => {
  it("runs the study `mltrain tune` runs: the same trials, study.csv and best.yaml", async () => {
    const cwd = studyDir("lib-tune", STUDY.replace("values: [3, 5]", "values: [3]")); // every trial completes
    expect(mltrain(["tune", "study.yaml", "--trials", "3", "--parallel", "1", "-o", "cli"], cwd).code).toBe(0);
    const run = tune("study.yaml", { cwd, trials: 3, parallel: 1, output: "lib" });
    const ended: number[] = [];
    for await (const ev of run) if (ev.type === "trial_end") ended.push(ev.trial);
    const done = await run.result;
    expect(done.status).toBe("completed");
    expect(ended.sort()).toEqual([0, 1, 2]); // trials are numbered from 0, as study.csv's
    expect(csvWithoutSeconds(done.dir)).toBe(csvWithoutSeconds(path.join(cwd, "cli")));
    expect(readFileSync(path.join(done.dir, "best.yaml"), "utf8")).toBe(readFileSync(path.join(cwd, "cli", "best.yaml"), "utf8"));
  });
});
