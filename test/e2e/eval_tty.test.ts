// `mltrain eval` on a terminal ends with the loss curve of the run that made the model (its
// metrics.json beside model.json); on a pipe the output stays the plain table. Needs dist/.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bin, plainEnv, root, tmp } from "./cli.js";

const iris = path.join(root, "datasets", "iris.csv");
const env = () => plainEnv({ TERM: "xterm" });

describe("mltrain eval and the training curve", () => {
  const cwd = tmp("evaltty");
  const fit = spawnSync(process.execPath, [bin, "fit", path.join(root, "configs", "iris.yaml"), "--set", "training.epochs=6", "-o", "run", "--verbose", "0"], { cwd, env: env(), encoding: "utf8" });

  it("on a terminal: the metrics table, then `Training (run/metrics.json):` and a 6-epoch loss chart", () => {
    expect(fit.status).toBe(0);
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} eval run/model.json ${JSON.stringify(iris)} --no-color`;
    const r = spawnSync("script", ["-qec", cmd, "/dev/null"], { cwd, env: env(), encoding: "utf8" });
    expect(r.status).toBe(0);
    const text = r.stdout.replace(/\r/g, "");
    expect(text).toMatch(/weighted avg/);
    expect(text).toMatch(/\nTraining \(run\/metrics\.json\):\nLoss per epoch: ─ loss  ─ val_loss\n/);
    expect(text).toMatch(/\n +1 +6\n/); // the x axis: epochs 1 to 6
  });

  it("on a pipe: no chart", () => {
    const r = spawnSync(process.execPath, [bin, "eval", "run/model.json", iris], { cwd, env: env(), encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/weighted avg/);
    expect(r.stdout).not.toMatch(/Training \(|Loss per epoch/);
  });
});
