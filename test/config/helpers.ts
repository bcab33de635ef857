// Shared by the config tests: parse inline YAML as if it were configs/test.yaml (so ../datasets/ resolves).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MltrainError } from "../../src/errors.js";
import { parseConfig, type LoadedConfig } from "../../src/config/load.js";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const configsDir = path.join(root, "configs");

export function load(yaml: string, overrides: string[] = [], options: { checkFiles?: boolean } = {}): LoadedConfig {
  return parseConfig(yaml, "configs/test.yaml", overrides, { dir: configsDir, cwd: root, ...options });
}

/** The problem lines a config produces (fails the test if it is valid). */
export function problems(yaml: string, overrides: string[] = [], options: { checkFiles?: boolean } = {}): string[] {
  return [...errorOf(yaml, overrides, options).details];
}

export function errorOf(yaml: string, overrides: string[] = [], options: { checkFiles?: boolean } = {}): MltrainError {
  try {
    load(yaml, overrides, options);
  } catch (err) {
    if (err instanceof MltrainError) return err;
    throw err;
  }
  throw new Error("expected the config to be invalid, but it validated");
}

/** A valid iris config; tests replace one line at a time. */
export const good = `name: t
data:
  path: ../datasets/iris.csv
  target: species
  task: multiclass
model:
  layers:
    - { type: dense, units: 16, activation: relu }
    - { type: dense, units: 3, activation: softmax }
loss: categorical_crossentropy
optimizer: { type: adam, learning_rate: 0.01 }
training:
  epochs: 5
  batch_size: 16
metrics: [accuracy]
`;

/** `good` with `from` replaced by `to` (which must occur exactly once). */
export function edit(from: string, to: string, base = good): string {
  const n = base.split(from).length - 1;
  if (n !== 1) throw new Error(`"${from}" occurs ${n} times in the base config`);
  return base.replace(from, to);
}
