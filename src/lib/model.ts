// Level 2, composed layers: a Sequential model with the YAML's layers, trained by the CLI's fit loop,
// saved as the model.json the CLI reads, and disposable (its kernels' WebAssembly memory and thread).
//
//   using model = sequential([{ type: "dense", units: 16, activation: "tanh" }, { type: "dense", activation: "softmax" }]);
//   for await (const ev of model.fit({ path: "datasets/iris.csv", target: "species" }, { training: { epochs: 50 } })) ...
//   model.evaluate({ split: "test" });   model.predict({ x: [[5.1, 3.5, 1.4, 0.2]] }).labels   // ["setosa"]
//   model.save("iris.json");             const again = await load("iris.json");
//
// fit's options are the YAML's other sections (seed, loss, optimizer, schedule, training, metrics),
// validated with the data as `mltrain fit` validates a file. A second fit goes on from the current
// weights (as Keras's), with a new optimizer state.
import path from "node:path";
import { parseConfig } from "../config/load.js";
import { modelSchema, type Config, type TaskName } from "../config/schema.js";
import { loadData, loadForModel, type ModelData, type Preprocessing, type Table } from "../data/index.js";
import { createKernels, type Kernels, type LayerJson, type Sequential, type SummaryRow } from "../engine/index.js";
import { MltrainError } from "../errors.js";
import { modelFile, writeModelFile, type ModelFile } from "../io/index.js";
import { predictedClass } from "../metrics/classification.js";
import { evaluateOutputs, type MetricsObject } from "../metrics/index.js";
import { resolveAgainstData } from "../run/resolve.js";
import { loadSavedModel } from "../run/saved_model.js";
import { fit as fitLoop, type BatchProgress, type FitEvent, type FitResult } from "../train/index.js";
import { ARRAYS, arrayTable, dataSource, isArrayData, type Data, type Rows } from "./data.js";
import type { ConfigInput } from "./define_config.js";
import { Events } from "./events.js";
import type { LayerInput } from "./pieces.js";
import { parseOptions } from "./options.js";

/** model.fit's options: the YAML's sections besides data and model, and how to run. */
export type ModelFitOptions = Omit<ConfigInput, "data" | "model" | "name" | "search"> & {
  /** The folder a data path is relative to (default process.cwd()). */
  cwd?: string;
  /** Stops training after the current batch: status "interrupted", the weights of the last checkpoint epoch. */
  signal?: AbortSignal;
  /** Called after every batch (a progress bar); the object is reused. */
  onBatch?: (p: BatchProgress) => void;
  /** Each thing the data suggests fixing (an id-like column one-hot encoded, ...). */
  onWarning?: (warning: string) => void;
};

/** What a fit ends with (the model itself now holds the kept weights). */
export type ModelFitResult = Omit<FitResult, "model" | "checkpoint">;

/** A model's predictions for some rows. */
export interface Prediction {
  rows: number;
  /** [rows, outputs] row-major: probabilities (binary: of the positive class), or values (regression). */
  outputs: Float32Array;
  /** The outputs' names: binary [positive label], multiclass the labels, multilabel the label names, regression the targets. */
  columns: string[];
  /** Binary and multiclass: each row's predicted label, as `mltrain predict`'s prediction column (p > 0.5, argmax); else null. */
  labels: string[] | null;
  /** Each row's 1-based row number in its source (a file's data rows; the arrays' samples). */
  rowIds: Int32Array;
}

/** What a trained (or loaded) model knows besides its layers: the data's shape, names and preprocessing. */
interface Trained {
  net: Sequential;
  task: TaskName;
  config: Config;
  features: string[];
  shape: number[];
  preprocessing: Preprocessing;
  target: string[];
  classes: string[] | null;
  /** For IDX labels read by predict/evaluate (loadForModel). */
  labelNames?: readonly string[];
  /** The last fit's splits (none for a loaded model). */
  splits: Record<"train" | "validation" | "test", Table | null> | null;
}

/** A stack of layers, given as the YAML's `model.layers` entries (validated by the same schema). */
export function sequential(layers: readonly LayerInput[], options: { name?: string } = {}): Model {
  return new Model(layers, options.name ?? "model");
}

/** A model.json written by `mltrain fit` or model.save (relative to cwd), ready to predict, evaluate or train on. */
export async function load(file: string, options: { cwd?: string } = {}): Promise<Model> {
  const saved = await loadSavedModel(file, options.cwd ?? process.cwd(), "load() takes the model.json that fit or model.save writes");
  const json = saved.json;
  const layers = json.layers.map(({ weights: _w, ...config }) => config) as LayerInput[];
  const model = new Model(layers, json.name);
  model.adopt({
    net: saved.net, task: json.task, config: json.config, features: json.input.features, shape: json.input.shape,
    preprocessing: saved.data.preprocessing, target: saved.data.target, classes: json.output.classes, labelNames: saved.data.labelNames, splits: null,
  });
  return model;
}

/**
 * A Sequential model: its layers' options, and once fitted or loaded, its network (on its own kernels),
 * the task and the data's names and preprocessing. Disposable: dispose() frees its WebAssembly memory.
 */
export class Model implements Disposable {
  readonly name: string;
  /** The layers' options, parsed (defaults filled): the config's model.layers. */
  readonly layers: readonly LayerInput[];
  #kernels: Kernels | null = null;
  #trained: Trained | null = null;
  #disposed = false;
  #busy = false;

  constructor(layers: readonly LayerInput[], name: string) {
    this.layers = parseOptions(modelSchema, { layers }, "sequential layers").layers;
    this.name = name;
  }

  /** @internal A network and what it was trained on (load()). */
  adopt(t: Trained): void {
    this.#kernels = t.net.kernels;
    this.#trained = t;
  }

  /** The model's backend (null before the first fit): created by fit or load, freed by dispose. */
  get kernels(): Kernels | null {
    return this.#kernels;
  }

  /** The task it was trained for (null before training). */
  get task(): TaskName | null {
    return this.#trained?.task ?? null;
  }

  /** Whether dispose() was called. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Train on `data` (arrays, or a CSV/IDX source as in YAML); the events are the fit loop's (epoch_end
   * with its history row, restart_end, ...), the result the run's summary. See the top of this file.
   */
  fit(data: Data, options: ModelFitOptions = {}): Events<FitEvent, ModelFitResult> {
    this.#check();
    return new Events(this.#fit(data, options));
  }

  async *#fit(data: Data, options: ModelFitOptions): AsyncGenerator<FitEvent, ModelFitResult, void> {
    if (this.#busy) throw new MltrainError("usage", "this model is already training (one fit at a time)");
    this.#busy = true;
    try {
      const { cwd = process.cwd(), signal, onBatch, onWarning, ...sections } = options;
      const source = dataSource(data);
      const text = JSON.stringify({ name: this.name, ...sections, data: source.config, model: { layers: this.layers } });
      const loaded = parseConfig(text, "model.fit", [], { dir: cwd, cwd, taskFromData: true, positions: false, checkFiles: source.bytes === undefined });
      if (source.bytes) loaded.config.data.path = ARRAYS;
      const kernels = (this.#kernels ??= createKernels());
      const prepared = await loadData(loaded.config.data, { baseDir: cwd, seed: loaded.config.seed, alloc: (n) => kernels.alloc(n), bytes: source.bytes }).catch((e: unknown) => {
        throw loaded.locate(e);
      });
      if (source.shape) prepared.shape = source.shape;
      for (const w of prepared.warnings) onWarning?.(w);
      const { config, task, loss, metrics } = resolveAgainstData(loaded, prepared);
      const before = this.#trained;
      const gen = fitLoop({
        config, task, loss, metrics, train: prepared.train, validation: prepared.validation, classes: prepared.classes, inputShape: prepared.shape, kernels,
        initLayers: before ? before.net.toJSON() : null, initFrom: "the model's current weights", onBatch, stopRequested: signal ? () => signal.aborted : undefined,
      });
      let step = await gen.next().catch((e: unknown) => Promise.reject(loaded.locate(e)));
      while (!step.done) {
        yield step.value;
        step = await gen.next();
      }
      const { model: net, checkpoint: _c, ...result } = step.value;
      this.#trained = {
        net, task, config, features: prepared.features, shape: prepared.shape, preprocessing: prepared.preprocessing, target: prepared.target, classes: prepared.classes,
        splits: { train: prepared.train, validation: prepared.validation, test: prepared.test },
      };
      return result;
    } finally {
      this.#busy = false;
    }
  }

  /** The model's outputs for `rows`: arrays of the model's input columns, a file as `mltrain predict` reads it, or a split of the last fit. */
  async predict(rows: Rows, options: { cwd?: string } = {}): Promise<Prediction> {
    const t = this.#ready("predict");
    const input = await this.#rows(t, rows, false, options.cwd);
    const outputs = t.net.predict(input.x, input.rows);
    const labels = t.classes && (t.task === "binary" || t.task === "multiclass") ? Array.from({ length: input.rows }, (_, i) => t.classes![predictedClass(outputs, i, t.net.nOut)]) : null;
    const columns = t.task === "binary" ? [t.classes![1]] : (t.classes ?? t.target);
    return { rows: input.rows, outputs, columns: [...columns], labels, rowIds: input.rowIds };
  }

  /** The metrics object (scikit-learn's definitions, as metrics.json's evaluation) on labelled rows. */
  async evaluate(rows: Rows, options: { cwd?: string } = {}): Promise<MetricsObject> {
    const t = this.#ready("evaluate");
    const input = await this.#rows(t, rows, true, options.cwd);
    const output = t.net.predict(input.x, input.rows);
    return evaluateOutputs({ task: t.task, target: input.y!, output, rows: input.rows, labels: t.classes ?? t.target });
  }

  /** Keras's summary rows: layer, output shape, parameters. */
  summary(): SummaryRow[] {
    return this.#ready("summary").net.summary();
  }

  /** The model.json object (SPEC's format, read by `mltrain eval`/`predict` and load()). */
  toJSON(): ModelFile {
    const t = this.#ready("toJSON");
    return modelFile({
      name: this.name, task: t.task, features: t.features, shape: t.shape, preprocessing: t.preprocessing,
      target: t.target, classes: t.classes, layers: t.net.toJSON() as LayerJson[], config: t.config,
    });
  }

  /** Write model.json to `file` (relative to process.cwd()), atomically. */
  save(file: string): void {
    writeModelFile(path.resolve(file), this.toJSON());
  }

  /** Frees the model's backend: its worker thread ends, its WebAssembly memory is let go. Idempotent. */
  dispose(): void {
    this.#disposed = true;
    this.#kernels?.dispose();
    this.#kernels = null;
    this.#trained = null;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  async #rows(t: Trained, rows: Rows, requireTarget: boolean, cwd = process.cwd()): Promise<{ x: Float32Array; y: Float32Array | null; rows: number; rowIds: Int32Array }> {
    const modelData: ModelData = { features: t.features, target: t.target, task: t.task, classes: t.classes, preprocessing: t.preprocessing, shape: t.shape, labelNames: t.labelNames };
    if (typeof rows === "string") return loadForModel(path.resolve(cwd, rows), modelData, { requireTarget });
    if (!isArrayData(rows)) {
      const table = t.splits?.[rows.split];
      if (!t.splits) throw new MltrainError("usage", `{ split: "${rows.split}" } names a split of the last fit; this model was loaded, not fitted: pass rows or a file`);
      if (!table || table.rows === 0) throw new MltrainError("usage", `the last fit has no ${rows.split} rows (data.split.${rows.split} is 0)`);
      return table;
    }
    const y = "y" in rows ? rows.y : undefined;
    if (requireTarget && y === undefined) throw new MltrainError("data.parse", "evaluate needs the rows' targets: pass y with x", { file: ARRAYS });
    const sources = t.preprocessing.columns.map((c) => c.name);
    const table = arrayTable(rows.features ? rows : { ...rows, features: sources }, requireTarget ? y : undefined, t.target);
    return loadForModel(ARRAYS, modelData, { requireTarget, bytes: table.bytes });
  }

  #check(): void {
    if (this.#disposed) throw new MltrainError("usage", "this model was disposed; its weights are gone");
  }

  #ready(what: string): Trained {
    this.#check();
    if (!this.#trained) throw new MltrainError("usage", `${what}: the model is not trained yet; call fit first (or load a model.json)`);
    return this.#trained;
  }
}

