// "Train longer": `fit CONFIG --resume DIR/checkpoint.json --set training.epochs=N` continues a run
// (completed or interrupted) to N epochs and ends where an uninterrupted N-epoch run ends, byte for byte,
// wherever the schedule's lr at an epoch does not depend on the total; everything else that changed is
// still refused by name. Needs dist/ (npm run build first).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mltrain, root, tmp } from "./cli.js";

const iris = path.join(root, "configs", "iris.yaml");
const read = (cwd: string, dir: string, file: string) => readFileSync(path.join(cwd, dir, file), "utf8");
/** history.csv without its `seconds` column (wall time differs between any two runs). */
const history = (cwd: string, dir: string) => {
  const rows = read(cwd, dir, "history.csv").trimEnd().split("\n").map((l) => l.split(","));
  const s = rows[0].indexOf("seconds");
  expect(s).toBeGreaterThan(0);
  return rows.map((r) => r.filter((_, i) => i !== s).join(",")).join("\n");
};

/** fit 4 epochs into `short`, resume its completed run's checkpoint to 9 into `short`, fit 9 into `full`. */
function longerAndFull(set: string[]) {
  const cwd = tmp("longer");
  const fit = (epochs: number, dir: string, extra: string[] = []) => mltrain(["fit", iris, ...set, "--set", `training.epochs=${epochs}`, "-o", dir, "--verbose", "2", ...extra], cwd);
  expect(fit(4, "short").code).toBe(0);
  const resumed = fit(9, "short", ["--resume", "short/checkpoint.json"]);
  expect(fit(9, "full").code).toBe(0);
  return { cwd, resumed };
}

describe("fit --resume with a larger training.epochs", () => {
  for (const schedule of ["constant", "{type: step, every: 3, factor: 0.5}", "{type: cosine, period: 6, min_lr: 0.001}", "{type: cosine_restarts, period: 2, t_mult: 2}"]) {
    it(`continues a completed 4-epoch run to the uninterrupted 9-epoch run's model.json and history.csv (schedule ${schedule})`, () => {
      const { cwd, resumed } = longerAndFull(["--set", `schedule=${schedule}`]);
      expect(resumed.stderr).toBe("");
      expect(resumed.code).toBe(0);
      expect(resumed.stdout.split("\n")[0]).toBe("Epoch 5/9");
      expect(read(cwd, "short", "model.json")).toBe(read(cwd, "full", "model.json"));
      expect(history(cwd, "short")).toBe(history(cwd, "full"));
      expect(history(cwd, "short").split("\n")).toHaveLength(10);
    });
  }

  it("a cosine schedule whose period defaults to the epochs is refused, naming the period to keep; with it given, the run continues", () => {
    const cwd = tmp("longer");
    const args = ["fit", iris, "--set", "schedule=cosine", "-o", "d", "--verbose", "0"];
    expect(mltrain([...args, "--set", "training.epochs=4"], cwd).code).toBe(0);
    const before = read(cwd, "d", "model.json");
    const r = mltrain([...args, "--set", "training.epochs=9", "--resume", "d/checkpoint.json"], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd()).toMatchInlineSnapshot(`"d/checkpoint.json: training.epochs 4 → 9 with a cosine schedule whose period defaults to the epochs: its learning rate at every epoch depends on the total, so a longer run is not a continuation of this one; keep the period this run had with --set schedule.period=4 (the lr then stays at min_lr after it), or fit again from scratch for a longer cosine"`);
    expect(read(cwd, "d", "model.json")).toBe(before);
    const kept = mltrain([...args, "--set", "training.epochs=9", "--set", "schedule.period=4", "--resume", "d/checkpoint.json"], cwd);
    expect(kept.stderr).toBe("");
    expect(kept.code).toBe(0);
    expect(mltrain(["fit", iris, "--set", "schedule={type: cosine, period: 4}", "--set", "training.epochs=9", "-o", "full", "--verbose", "0"], cwd).code).toBe(0);
    // the same weights as an uninterrupted run with that period (config.yaml differs: period unset vs 4)
    expect(JSON.parse(read(cwd, "d", "model.json")).layers).toEqual(JSON.parse(read(cwd, "full", "model.json")).layers);
  });

  it("any other changed key is still refused by name, and a shorter run too", () => {
    const cwd = tmp("longer");
    expect(mltrain(["fit", iris, "--set", "training.epochs=3", "-o", "d", "--verbose", "0"], cwd).code).toBe(0);
    const other = mltrain(["fit", iris, "--set", "training.epochs=6", "--set", "optimizer.learning_rate=0.02", "-o", "d", "--resume", "d/checkpoint.json"], cwd);
    expect(other.code).toBe(2);
    expect(other.stderr.trimEnd()).toMatchInlineSnapshot(`"d/checkpoint.json: the checkpoint was written by a run with another config (checkpoint → now: optimizer.learning_rate 0.01 → 0.02); resume with the same config file, --set and --seed values; only training.epochs may grow (train longer)"`);
    const shorter = mltrain(["fit", iris, "--set", "training.epochs=2", "-o", "d", "--resume", "d/checkpoint.json"], cwd);
    expect(shorter.code).toBe(2);
    expect(shorter.stderr.trimEnd()).toMatchInlineSnapshot(`"d/checkpoint.json: the checkpoint was written by a run with another config (checkpoint → now: training.epochs 3 → 2); resume with the same config file, --set and --seed values"`);
    const restarts = ["--set", "training.restarts=2"];
    expect(mltrain(["fit", iris, ...restarts, "--set", "training.epochs=2", "-o", "r", "--verbose", "0"], cwd).code).toBe(0);
    const several = mltrain(["fit", iris, ...restarts, "--set", "training.epochs=4", "-o", "r", "--resume", "r/checkpoint.json"], cwd);
    expect(several.code).toBe(2);
    expect(several.stderr.trimEnd()).toMatchInlineSnapshot(`"r/checkpoint.json: training.epochs 2 → 4 with training.restarts 2: every restart would have to train longer, and the earlier ones ran the old length; train longer only a single-restart run (or fit again from scratch)"`);
  });

  it("a run that early stopping ended stays ended: no epoch is trained and the model is the uninterrupted longer run's", () => {
    // min_delta 10: no epoch after the first improves, so patience 1 stops the run at epoch 2
    const es = ["--set", "training.early_stopping={monitor: val_loss, patience: 1, min_delta: 10}"];
    const { cwd, resumed } = longerAndFull(es);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).not.toContain("Epoch ");
    expect(JSON.parse(read(cwd, "short", "metrics.json")).training).toMatchObject({ epochs_run: 2, stopped_early: true });
    expect(read(cwd, "short", "model.json")).toBe(read(cwd, "full", "model.json"));
    expect(history(cwd, "short")).toBe(history(cwd, "full"));
  });
});
