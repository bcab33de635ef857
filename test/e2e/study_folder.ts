// A study folder built the way `mltrain tune` builds one (the contract, /work/wt/STUDY_FORMAT.md), for
// the study report's tests: study.jsonl written event by event, and each trial's trials/NNNN/ written by
// the real `mltrain fit` (spawned, with the trial's parameters as --set overrides, -o trials/NNNN) on
// iris with 3 epochs. Its epochs are journalled from that run's history.csv, so every number in the
// journal is one fit printed. Six trials: three complete, one pruned after epoch 2, one that diverges
// (failed, with fit's own message as the reason), and one asked but never finished (a killed run);
// the journal ends with a torn line, as a kill -9 while writing leaves it.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseHistoryCsv } from "../../src/io/index.js";
import { mltrain, root } from "./cli.js";

export const STUDY_PARAMETERS = {
  optimizer: { space: "choice", values: [{ type: "adam" }, { type: "sgd", momentum: 0.9 }] },
  "optimizer.learning_rate": { space: "loguniform", low: 0.001, high: 10000 },
  "model.layers[0].units": { space: "int", low: 4, high: 64, log: true },
  "model.layers[0].activation": { space: "choice", values: ["tanh", "relu"] },
  "training.batch_size": { space: "choice", values: [8, 16, 32] },
};

type Params = Record<string, unknown>;
export const STUDY_TRIALS: { params: Params; end: "complete" | "pruned" | "failed" | "killed" }[] = [
  { params: { optimizer: { type: "adam" }, "optimizer.learning_rate": 0.01, "model.layers[0].units": 16, "model.layers[0].activation": "tanh", "training.batch_size": 16 }, end: "complete" },
  { params: { optimizer: { type: "sgd", momentum: 0.9 }, "optimizer.learning_rate": 0.002, "model.layers[0].units": 5, "model.layers[0].activation": "tanh", "training.batch_size": 32 }, end: "complete" },
  { params: { optimizer: { type: "sgd", momentum: 0.9 }, "optimizer.learning_rate": 0.0011, "model.layers[0].units": 4, "model.layers[0].activation": "relu", "training.batch_size": 32 }, end: "pruned" },
  { params: { optimizer: { type: "adam" }, "optimizer.learning_rate": 0.05, "model.layers[0].units": 48, "model.layers[0].activation": "relu", "training.batch_size": 8 }, end: "complete" },
  { params: { optimizer: { type: "sgd", momentum: 0.9 }, "optimizer.learning_rate": 5000, "model.layers[0].units": 8, "model.layers[0].activation": "relu", "training.batch_size": 16 }, end: "failed" },
  { params: { optimizer: { type: "adam" }, "optimizer.learning_rate": 0.003, "model.layers[0].units": 32, "model.layers[0].activation": "tanh", "training.batch_size": 8 }, end: "killed" },
];
export const EPOCHS = 3;
export const PRUNED_AT = 2;
export const METRIC = "val_accuracy";

export interface BuiltStudy {
  dir: string;
  /** Per trial: its epochs' val_accuracy, and the value journalled (complete: the last epoch's). */
  trials: { curve: number[]; value: number | null; reason: string | null }[];
  best: number;
}

const folder = (n: number) => path.join("trials", String(n).padStart(4, "0"));

/** Build the study in `cwd`/study; returns what was journalled. */
export function buildStudy(cwd: string): BuiltStudy {
  const dir = path.join(cwd, "study");
  mkdirSync(path.join(dir, "trials"), { recursive: true });
  const journal = path.join(dir, "study.jsonl");
  const log = (e: object) => appendFileSync(journal, `${JSON.stringify(e)}\n`);
  const config = path.join(root, "configs", "iris.yaml");
  log({ type: "study", version: 1, name: "iris", config: "configs/iris.yaml", metric: METRIC, mode: "max", sampler: "tpe", pruner: { type: "asha", grace_epochs: 1, reduction_factor: 3 }, seed: 7, trials: 5, parameters: STUDY_PARAMETERS });
  log({ type: "resume", trials: 6 });
  const out: BuiltStudy["trials"] = [];
  STUDY_TRIALS.forEach(({ params, end }, n) => {
    log({ type: "asked", trial: n, params });
    if (end === "killed") {
      out.push({ curve: [], value: null, reason: null });
      return;
    }
    const epochs = end === "pruned" ? PRUNED_AT : EPOCHS;
    const sets = [`training.epochs=${epochs}`, ...Object.entries(params).map(([k, v]) => `${k}=${JSON.stringify(v)}`)];
    const r = mltrain(["fit", config, ...sets.flatMap((s) => ["--set", s]), "-o", path.join(dir, folder(n))], cwd);
    const at = path.join(dir, end === "failed" ? `${folder(n)}.partial` : folder(n), "history.csv");
    const history = existsSync(at) ? parseHistoryCsv(readFileSync(at, "utf8")) : [];
    for (const row of history) {
      const { epoch, seconds: _, ...metrics } = row;
      log({ type: "epoch", trial: n, epoch, metrics });
    }
    const curve = history.map((h) => h[METRIC] as number);
    if (end === "failed") {
      if (r.code !== 1) throw new Error(`trial ${n} should diverge: ${r.stdout}${r.stderr}`);
      const reason = r.stderr.trim().replace(/^mltrain: /, "").split(";")[0];
      log({ type: "failed", trial: n, epoch: history.length + 1, reason });
      out.push({ curve, value: null, reason });
      return;
    }
    if (r.code !== 0) throw new Error(`trial ${n}: mltrain fit failed: ${r.stderr}`);
    const value = curve[curve.length - 1];
    log(end === "pruned" ? { type: "pruned", trial: n, epoch: PRUNED_AT, value } : { type: "complete", trial: n, value, epochs, seconds: 0.5 + n / 10 });
    out.push({ curve, value, reason: null });
  });
  appendFileSync(journal, `{"type":"epoch","trial":5,"epoch":1,"metr`); // torn by a kill -9
  let best = -1;
  out.forEach((t, i) => {
    if (STUDY_TRIALS[i].end === "complete" && (best < 0 || t.value! > out[best].value!)) best = i;
  });
  return { dir, trials: out, best };
}
