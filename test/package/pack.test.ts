// The package as a user installs it: `npm pack`, the tarball installed into a new project (its
// dependencies from the npm cache: --prefer-offline), a strict TypeScript consumer compiled with
// moduleResolution node16 and with bundler against the installed declarations, then run; and a type
// test: a misspelt option key does not compile (TS2561: "Object literal may only specify known
// properties ... Did you mean"). Needs dist/ (npm test builds first; the pack skips the prepare script).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { plainEnv, root, tmp } from "../e2e/cli.js";

const tsc = path.join(root, "node_modules/typescript/bin/tsc");
const project = tmp("pack");
const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, env: plainEnv({ npm_config_loglevel: "error" }), encoding: "utf8" });

const consumer = `
import { createKernels, createLayer, createOptimizer, defineConfig, fit, meanLoss, MltrainError, sequential, type ConfigInput, type FitRunResult, type Prediction } from "mltrain";

// level 1
let loss = NaN;
{
  using kernels = createKernels();
  const x = kernels.alloc(4);
  x.set([0, 1, 2, 3]);
  const t = kernels.alloc(4);
  t.set([1, 3, 5, 7]);
  const dense = createLayer({ type: "dense", units: 1 }, { inputShape: [1], maxBatch: 4, kernels });
  const sgd = createOptimizer({ type: "sgd", learning_rate: 0.05 }, dense.params, kernels);
  const dy = kernels.alloc(4);
  for (let i = 0; i < 400; i++) {
    loss = meanLoss(kernels, "mse", dense.forward(x, 4, true), t, 4, 1, dy);
    dense.backward(dy, 4);
    sgd.step(0.05);
  }
}
// level 2
const xs: number[][] = [];
const ys: string[] = [];
for (let i = 0; i < 80; i++) { xs.push([i % 8, Math.floor(i / 8)]); ys.push(i % 8 > 3 ? "right" : "left"); }
using model = sequential([{ type: "dense", units: 8, activation: "relu" }, { type: "dense", activation: "sigmoid" }]);
const epochs: number[] = [];
for await (const ev of model.fit({ x: xs, y: ys }, { training: { epochs: 3 } })) if (ev.type === "epoch_end") epochs.push(ev.epoch);
const p: Prediction = await model.predict({ x: [[0, 0]] });
// level 3
const config: ConfigInput = defineConfig({
  data: { path: "node_modules/mltrain/datasets/iris.csv", target: "species" },
  model: { layers: [{ type: "dense", units: 4, activation: "tanh" }, { type: "dense", activation: "softmax" }] },
  training: { epochs: 2 },
});
const done: FitRunResult = await fit(config, { output: "runs/{name}" }).result;
let code = "";
try {
  sequential([{ type: "dense", units: 0 }]);
} catch (e) {
  if (e instanceof MltrainError) code = e.code;
}
console.log(JSON.stringify({ loss: loss < 1e-6, epochs, columns: p.columns, status: done.status, files: done.files.length, code }));
`;

const misspelt = `
import { defineConfig, sequential } from "mltrain";
defineConfig({ data: { path: "a.csv", target: "y" }, model: { layers: [{ type: "dense" }] }, training: { epochz: 5 } });
sequential([{ type: "dense", unit: 3 }]);
`;

function tsconfig(name: string, module: string, resolution: string, files: string[]): string {
  const file = path.join(project, name);
  const compilerOptions = {
    target: "ES2022", module, moduleResolution: resolution, lib: ["ES2023", "ESNext.Disposable"], strict: true, skipLibCheck: true,
    types: ["node"], typeRoots: [path.join(root, "node_modules/@types")], outDir: `out-${resolution}`, noEmitOnError: true,
  };
  writeFileSync(file, JSON.stringify({ compilerOptions, files }, null, 2));
  return file;
}
const compile = (config: string) => spawnSync(process.execPath, [tsc, "-p", config], { cwd: project, encoding: "utf8" });

beforeAll(() => {
  const packed = path.join(project, "packed");
  mkdirSync(packed);
  npm(["pack", "--ignore-scripts", "--pack-destination", packed], root);
  const tarball = path.join(packed, readdirSync(packed)[0]);
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], project);
  writeFileSync(path.join(project, "consumer.ts"), consumer);
  writeFileSync(path.join(project, "misspelt.ts"), misspelt);
}, 120_000);

describe("the packed package", () => {
  it.each([
    ["node16", "Node16", "Node16"],
    ["bundler", "ESNext", "Bundler"],
  ])("a strict consumer compiles with moduleResolution %s and runs", (name, module, resolution) => {
    const c = compile(tsconfig(`tsconfig.${name}.json`, module, resolution, ["consumer.ts"]));
    expect(c.stdout).toBe("");
    expect(c.status).toBe(0);
    const r = spawnSync(process.execPath, [path.join(project, `out-${resolution}`, "consumer.js")], { cwd: project, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ loss: true, epochs: [1, 2, 3], columns: ["right"], status: "completed", files: 5, code: "config.invalid" });
  });

  it('a misspelt option key does not compile: TS2561 ("did you mean") for training.epochz and a layer\'s unit', () => {
    const c = compile(tsconfig("tsconfig.misspelt.json", "Node16", "Node16", ["misspelt.ts"]));
    expect(c.status).not.toBe(0);
    const errors = c.stdout.split("\n").filter((l) => l.includes("error TS"));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^misspelt\.ts\(3,\d+\): error TS2561: Object literal may only specify known properties, but 'epochz' does not exist in type .*Did you mean to write 'epochs'\?/);
    expect(errors[1]).toMatch(/^misspelt\.ts\(4,\d+\): error TS2561: Object literal may only specify known properties, but 'unit' does not exist in type .*Did you mean to write 'units'\?/);
  });
});
