// What the tune e2e tests share: a small iris study (8 random trials of 6 epochs, asha pruning, an
// output-units choice that fails on the data's 3 classes), written into a temp dir with its data, and
// the study's files read back without their wall times. Needs dist/.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { root, tmp } from "./cli.js";

export const STUDY = [
  "name: iris",
  "seed: 42",
  "data: { path: iris.csv, target: species, normalize: standard }",
  "model:",
  "  layers:",
  "    - { type: dense, units: 16, activation: tanh }",
  "    - { type: dense, units: 3, activation: softmax }",
  "optimizer: { type: adam, learning_rate: 0.01 }",
  "training: { epochs: 6, batch_size: 16 }",
  "metrics: [accuracy]",
  "search:",
  "  metric: val_loss",
  "  trials: 8",
  "  sampler: random",
  "  pruner: { type: asha, grace_epochs: 2, reduction_factor: 2 }",
  "  parameters:",
  "    optimizer.learning_rate: { space: loguniform, low: 0.001, high: 0.3 }",
  "    model.layers[0].units: { space: int, low: 2, high: 32 }",
  "    model.layers[1].units: { space: choice, values: [3, 5] }",
  "",
].join("\n");

/** A temp dir holding iris.csv and study.yaml (`text`, default STUDY). */
export function studyDir(prefix: string, text = STUDY): string {
  const cwd = tmp(prefix);
  copyFileSync(path.join(root, "datasets", "iris.csv"), path.join(cwd, "iris.csv"));
  writeFileSync(path.join(cwd, "study.yaml"), text);
  return cwd;
}

/** study.csv without its seconds column (wall time). */
export function csvWithoutSeconds(dir: string): string {
  return readFileSync(path.join(dir, "study.csv"), "utf8").split("\n").map((l) => l.split(",").slice(0, -1).join(",")).join("\n");
}

/** Each complete trial's model.json weights (the layers), by trial folder. */
export function trialWeights(dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of readdirSync(path.join(dir, "trials")).sort()) {
    if (name.endsWith(".partial") || name.startsWith(".")) continue;
    out[name] = JSON.parse(readFileSync(path.join(dir, "trials", name, "model.json"), "utf8")).layers;
  }
  return out;
}

/** The journal's objects, checked to be one per line, every line whole. */
export function journal(dir: string): Record<string, unknown>[] {
  const text = readFileSync(path.join(dir, "study.jsonl"), "utf8");
  if (!text.endsWith("\n")) throw new Error("the journal's last line is torn");
  return text.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The journal with what timing may change (line order across trials, seconds) normalised: per trial, its lines in order. */
export function journalByTrial(dir: string): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const e of journal(dir)) {
    if (e.type === "study" || e.type === "resume") continue;
    const { seconds: _s, ...rest } = e;
    (out[String(e.trial)] ??= []).push(rest);
  }
  return out;
}
