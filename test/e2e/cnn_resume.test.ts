// --resume with batch_norm: a CNN run cut by SIGINT and resumed from its checkpoint ends with the same
// model.json (moving statistics included) and history.csv as an uninterrupted run. Needs dist/.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { mltrain, mltrainInterrupted, root, tmp } from "./cli.js";

const digits = path.join(root, "datasets", "digits.csv");

/** digits-cnn.yaml's shape, smaller, with a batch_norm after the conv layer (its moving statistics must survive the cut). */
const CONFIG = `seed: 42
data:
  path: ${digits}
  target: digit
  task: multiclass
  rescale: 1/16
  normalize: none
  split: { train: 0.8, validation: 0.1, test: 0.1 }
model:
  layers:
    - { type: reshape, target_shape: [8, 8, 1] }
    - { type: conv2d, filters: 8, kernel_size: 3, padding: same, activation: relu, init: he_normal }
    - { type: batch_norm }
    - { type: max_pool2d, pool_size: 2 }
    - { type: flatten }
    - { type: dropout, rate: 0.3 }
    - { type: dense, units: 10, activation: softmax }
loss: categorical_crossentropy
optimizer: { type: adam, learning_rate: 0.003 }
training: { epochs: 8, batch_size: 32 }
metrics: [accuracy]
`;

/** history.csv without its wall-time `seconds` column. */
const noSeconds = (csv: string) => {
  const [head, ...rows] = csv.trimEnd().split("\n");
  const i = head.split(",").indexOf("seconds");
  return [head, ...rows].map((r) => r.split(",").filter((_, j) => j !== i).join(",")).join("\n");
};

it("a batch_norm CNN cut by SIGINT and resumed from its checkpoint ends with the uninterrupted run's model.json and history.csv", async () => {
  const cwd = tmp("cnn-resume");
  writeFileSync(path.join(cwd, "bn.yaml"), CONFIG);
  const cut = await mltrainInterrupted(["fit", "bn.yaml", "-o", "runs/cut"], cwd, "Epoch 3/");
  expect(cut.code).toBe(130);
  expect(readdirSync(path.join(cwd, "runs"))).toEqual(["cut.partial"]);
  const ckpt = JSON.parse(readFileSync(path.join(cwd, "runs", "cut.partial", "checkpoint.json"), "utf8"));
  expect(ckpt.epoch).toBeGreaterThan(0);
  expect(ckpt.epoch).toBeLessThan(8);
  expect(ckpt.layers[2].weights.moving_mean).toHaveLength(8);
  expect(ckpt.layers[2].weights.moving_mean.some((m: number) => m !== 0)).toBe(true); // trained, not the initial zeros

  const resumed = mltrain(["fit", "bn.yaml", "-o", "runs/cut", "--resume", "runs/cut.partial/checkpoint.json"], cwd);
  expect(resumed.stderr).toBe("");
  expect(resumed.code).toBe(0);
  expect(resumed.stdout.split("\n")[0]).toBe(`Epoch ${ckpt.epoch + 1}/8`);
  expect(mltrain(["fit", "bn.yaml", "-o", "runs/full"], cwd).code).toBe(0);
  const read = (run: string, file: string) => readFileSync(path.join(cwd, "runs", run, file), "utf8");
  const model = read("full", "model.json");
  expect(JSON.parse(model).layers[2].weights.moving_variance).toHaveLength(8);
  expect(read("cut", "model.json")).toBe(model);
  expect(noSeconds(read("cut", "history.csv"))).toBe(noSeconds(read("full", "history.csv")));
});
