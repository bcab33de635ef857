// Tiny in-memory datasets and a driver that runs the fit generator to the end, collecting its events.
import { configSchema, type Config } from "../../src/config/schema.js";
import { createKernels, Rng, type Kernels } from "../../src/engine/index.js";
import { fit, type FitEvent, type FitOptions, type FitResult } from "../../src/train/index.js";
import type { Table } from "../../src/data/index.js";

let kernels: Kernels | null = null;

/** The backend of a test file's runs, created on first use (the file's process ends its thread). */
export function fileKernels(): Kernels {
  kernels ??= createKernels();
  return kernels;
}

/** Two Gaussian blobs in 2-D, one-hot targets [rows, 2]; class = row % 2. */
export function blobs(rows: number, seed: number, spread = 1): Table {
  const rng = new Rng(seed);
  const x = new Float32Array(rows * 2);
  const y = new Float32Array(rows * 2);
  for (let i = 0; i < rows; i++) {
    const c = i % 2;
    x[i * 2] = (c === 0 ? -1 : 1) + spread * 0.5 * rng.normal();
    x[i * 2 + 1] = (c === 0 ? 1 : -1) + spread * 0.5 * rng.normal();
    y[i * 2 + c] = 1;
  }
  return { x, y, rows, nIn: 2, nOut: 2, rowIds: Int32Array.from({ length: rows }, (_, i) => i + 1) };
}

export function tinyConfig(over: Record<string, unknown> = {}, training: Record<string, unknown> = {}): Config {
  return configSchema.parse({
    name: "tiny",
    seed: 7,
    data: { path: "unused.csv", target: "y" },
    model: { layers: [{ type: "dense", units: 8, activation: "relu", init: "he_normal" }, { type: "dense", units: 2, activation: "softmax" }] },
    loss: "categorical_crossentropy",
    optimizer: { type: "adam", learning_rate: 0.05 },
    training: { epochs: 6, batch_size: 8, ...training },
    metrics: ["accuracy"],
    ...over,
  });
}

export interface Run {
  events: FitEvent[];
  result: FitResult;
}

export async function runFit(opts: Partial<FitOptions> & { config: Config }): Promise<Run> {
  const events: FitEvent[] = [];
  const gen = fit({
    task: "multiclass",
    loss: "categorical_crossentropy",
    metrics: ["accuracy"],
    train: blobs(40, 1),
    validation: blobs(20, 2),
    now: () => 0,
    kernels: fileKernels(),
    ...opts,
  });
  let step = await gen.next();
  while (!step.done) {
    events.push(step.value);
    step = await gen.next();
  }
  return { events, result: step.value };
}

export const epochEnds = (events: FitEvent[]) =>
  events.flatMap((e) => (e.type === "epoch_end" ? [e] : []));
