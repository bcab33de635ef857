// Cross-field rules: what zod's per-field schema cannot see. Each returns problems as data, with the
// key path they concern and a message that says what would fit. checkTaskFit is also used by `fit`
// after the task has been inferred from the data.
import type { ActivationName } from "../engine/activations/index.js";
import { outputLayerTypes, outputOptions } from "../engine/layers/index.js";
import { inferShapes } from "../engine/model_shapes.js";
import type { LossName } from "../engine/losses/index.js";
import type { Config, MetricName, TaskName } from "./schema.js";
import type { Usable } from "./parts.js";
import type { Problem } from "./problems.js";
import { didYouMean } from "./did_you_mean.js";

/** The lecture's table: the output activation and loss each task calls for. */
export const taskTable: Record<TaskName, { activation: ActivationName; losses: readonly LossName[] }> = {
  regression: { activation: "linear", losses: ["mse", "mae"] },
  binary: { activation: "sigmoid", losses: ["binary_crossentropy"] },
  multiclass: { activation: "softmax", losses: ["categorical_crossentropy"] },
  multilabel: { activation: "sigmoid", losses: ["binary_crossentropy"] },
};
const tasks = Object.keys(taskTable) as TaskName[];

export function defaultLoss(task: TaskName): LossName {
  return taskTable[task].losses[0];
}

/** What the epoch logs show by default: accuracy for classification, mae for regression (as Keras tutorials). */
export function defaultMetrics(task: TaskName): MetricName[] {
  return task === "regression" ? ["mae"] : ["accuracy"];
}

/** The metrics that mean something for a task. */
export function metricsForTask(task: TaskName): readonly MetricName[] {
  switch (task) {
    case "regression":
      return ["mse", "rmse", "mae", "r2"];
    case "multilabel":
      return ["accuracy", "precision", "recall", "f1", "auc", "log_loss"];
    default:
      return ["accuracy", "balanced_accuracy", "precision", "recall", "f1", "auc", "log_loss"];
  }
}

export interface TaskFitProblem {
  field: "activation" | "loss";
  message: string;
}

const row = (t: TaskName) => `${t} → ${taskTable[t].activation} output + ${taskTable[t].losses.join(" or ")}`;

/** Does (task, last activation, loss) follow the lecture's table? Problems as data; empty when it fits. */
export function checkTaskFit(task: TaskName, lastActivation: ActivationName, loss?: LossName): TaskFitProblem[] {
  const want = taskTable[task];
  const out: TaskFitProblem[] = [];
  if (lastActivation !== want.activation) {
    out.push({ field: "activation", message: `a ${task} task needs a ${want.activation} output layer (${row(task)}), got ${lastActivation}` });
  }
  if (loss !== undefined && !want.losses.includes(loss)) {
    out.push({ field: "loss", message: `a ${task} task needs ${want.losses.join(" or ")} (${row(task)}), got ${loss}` });
  }
  return out;
}

/** The tasks whose row of the table an output activation and an explicit loss both fit. */
export function tasksFitting(activation: ActivationName, loss: LossName): TaskName[] {
  return tasks.filter((t) => taskTable[t].activation === activation && taskTable[t].losses.includes(loss));
}

/** A task's row of the table in words: "a linear output and mse or mae". */
export function taskNeeds(task: TaskName): string {
  return `a ${taskTable[task].activation} output and ${taskTable[task].losses.join(" or ")}`;
}

/**
 * The root cause of a misfit with a task inferred from the data: which task, why (from the data), what
 * it calls for, and how to ask for another task. Located at the key naming the targets.
 */
export function inferredTaskCause(task: TaskName, why: { because: string; instead: string }, data: Config["data"]): Problem {
  const format = dataFormat(data);
  const key = data.dataset !== undefined ? "dataset" : format === "idx" ? "labels" : format === "images" && data.image_column === undefined ? "path" : "target";
  return {
    path: ["data", key],
    root: true,
    message: `the task was inferred as ${task} because ${why.because}, so the output layer is ${taskTable[task].activation} and the loss ${taskTable[task].losses.join(" or ")}; ${why.instead}`,
  };
}

/** checkTaskFit's problems, located at the output layer's activation or at loss. */
export function taskFitProblems(task: TaskName, output: OutputLayer, loss?: LossName): Problem[] {
  return checkTaskFit(task, output.activation, loss).map((p) => ({
    path: p.field === "activation" ? ["model", "layers", output.index, "activation"] : ["loss"],
    message: p.message,
  }));
}

/** The tasks an output activation can serve. */
export function tasksForActivation(activation: ActivationName): TaskName[] {
  return tasks.filter((t) => taskTable[t].activation === activation);
}

export interface OutputLayer {
  index: number;
  activation: ActivationName;
  units?: number;
}

/**
 * The model's shape problem on samples of `inputShape` (known once the data is read): the first layer
 * whose input cannot work, at the option at fault (a kernel larger than its input, a conv layer on a
 * flat input, a reshape of another size). The layers after it are not checked: their inputs are unknown.
 */
export function shapeProblems(config: Config, inputShape: readonly number[], nOut: number): Problem[] {
  const { problem } = inferShapes(config.model.layers, inputShape, nOut);
  return problem ? [{ path: ["model", "layers", problem.index, problem.field], message: problem.message }] : [];
}

/** Index of the output layer (the last layer with the output capability) and its activation, if any. */
export function outputLayer(config: Config): OutputLayer | undefined {
  const layers = config.model.layers;
  for (let i = layers.length - 1; i >= 0; i--) {
    const out = outputOptions(layers[i]);
    if (out) return { index: i, activation: out.activation, units: out.units };
  }
  return undefined;
}

export interface CrossFieldOptions {
  /**
   * With task auto, leave what depends on the task (the loss and the units against the output
   * activation; metrics and monitors) to the caller, which infers the task from the data and checks
   * them with taskProblems: the data, not the output layer, decides what the task is.
   */
  taskFromData?: boolean;
}

/**
 * Every cross-field problem of a config. Of a config that failed the schema, only the rules whose parts
 * parsed run (`usable`, from parts.ts), so independent problems are reported together.
 */
export function crossFieldProblems(config: Config, usable: Usable = () => true, options: CrossFieldOptions = {}): Problem[] {
  const out: Problem[] = [];
  if (usable("data.split", "data.test_path", "data.dataset")) out.push(...splitProblems(config));
  if (usable("data")) out.push(...dataProblems(config));
  if (!usable("data.task", "loss", "metrics")) return out;
  const task = config.data.task === "auto" ? undefined : config.data.task;
  let candidates: TaskName[] = task ? [task] : tasks;
  if (usable("model")) {
    const { layers } = config.model;
    const last = layers[layers.length - 1];
    if (outputOptions(last) === null) {
      const types = outputLayerTypes.join(" or ");
      out.push({ path: ["model", "layers", layers.length - 1, "type"], message: `the last layer is the output and must be ${types}, got ${last.type}; put ${last.type} between ${types} layers` });
    }
    const output = outputLayer(config);
    if (output) {
      const actPath = ["model", "layers", output.index, "activation"];
      const fits = tasksForActivation(output.activation);
      if (fits.length === 0) {
        out.push({ path: actPath, message: `the output layer needs linear (regression), sigmoid (binary, multilabel) or softmax (multiclass), got ${output.activation}` });
      } else if (task) {
        const misfit = taskFitProblems(task, output, config.loss);
        out.push(...misfit);
        // The output layer and the loss agree on another row of the table: the task is the odd one out.
        const other = misfit.length > 0 && config.loss !== undefined ? tasksFitting(output.activation, config.loss) : [];
        if (other.length > 0) {
          out.push({
            path: ["data", "task"],
            root: true,
            message: `${task} (set here) calls for ${taskNeeds(task)}, but the output layer and the loss fit ${other.join(" or ")} (${other.map(row).join("; ")}): if the task is ${other.join(" or ")}, set task: ${other[0]}; else change them as below`,
          });
        }
      } else if (options.taskFromData) {
        // the data decides the task; taskProblems checks the output layer and loss against it
      } else {
        candidates = fits;
        if (config.loss !== undefined && !fits.some((t) => taskTable[t].losses.includes(config.loss!))) {
          const want = [...new Set(fits.flatMap((t) => taskTable[t].losses))];
          out.push({ path: ["loss"], message: `a ${output.activation} output needs ${want.join(" or ")} (${fits.map(row).join("; ")}), got ${config.loss}` });
        }
      }
      const unitsPath = ["model", "layers", output.index, "units"];
      if (output.units !== undefined) {
        if (task === "binary" && output.units !== 1) {
          out.push({ path: unitsPath, message: `a binary task has 1 output unit (the probability of the positive class), got ${output.units}; or omit units` });
        } else if (output.activation === "softmax" && output.units < 2 && (task ?? "multiclass") === "multiclass" && !(options.taskFromData && !task)) {
          out.push({ path: unitsPath, message: `a softmax output needs one unit per class (at least 2), got ${output.units}; for two classes use 1 sigmoid unit (task binary), or omit units` });
        }
      }
    }
  } else if (!task) {
    return out; // with task auto, the output layer says which tasks the metrics are for
  }
  if (task && usable("training")) out.push(...classWeightProblems(config, task));
  if (!task && options.taskFromData) return out;
  out.push(...metricProblems(config, candidates));
  if (usable("training", "schedule", "data.split")) out.push(...monitorProblems(config, candidates));
  return out;
}

/**
 * The problems of a config against the task the data implied (task auto, after loading the data): the
 * output layer's activation, the loss, the metrics and the monitors.
 */
export function taskProblems(config: Config, task: TaskName): Problem[] {
  const output = outputLayer(config);
  return [...(output ? taskFitProblems(task, output, config.loss) : []), ...metricProblems(config, [task]), ...monitorProblems(config, [task])];
}

/**
 * training.class_weight against the task (binary and multiclass only: a row has one class) and, once the
 * data is read, its labels (`classes`): every key must be one of them.
 */
export function classWeightProblems(config: Config, task: TaskName, classes?: readonly string[] | null): Problem[] {
  const cw = config.training.class_weight;
  if (cw === null) return [];
  const path = ["training", "class_weight"];
  if (task !== "binary" && task !== "multiclass") {
    const why = task === "regression" ? "a regression target has no classes" : "a multilabel row has several labels at once";
    return [{ path, message: `class weights apply to binary and multiclass tasks (one class per row); ${why}: remove training.class_weight for this ${task} task` }];
  }
  if (cw === "balanced" || !classes) return [];
  return Object.keys(cw)
    .filter((label) => !classes.includes(label))
    .map((label) => ({
      path: [...path, label],
      message: `unknown label ${JSON.stringify(label)}; the data's labels are ${classes.join(", ")}${didYouMean(label, classes)}`,
    }));
}

function splitProblems(config: Config): Problem[] {
  const { split, dataset } = config.data;
  const test_path = config.data.test_path ?? (dataset !== undefined ? `the ${dataset} test files` : undefined);
  const out: Problem[] = [];
  if (test_path !== undefined && split.test !== 0) {
    const from = dataset !== undefined ? `the test rows come from ${test_path}` : "the test rows come from that file";
    out.push({ path: ["data", "split", "test"], message: `must be 0 when data.${dataset !== undefined ? "dataset" : "test_path"} is set (${from}), got ${split.test}` });
    return out;
  }
  const sum = split.train + split.validation + split.test;
  if (Math.abs(sum - 1) > 1e-9) {
    const fix = test_path !== undefined ? "train + validation must sum to 1 (test is 0 with data.test_path)" : "train + validation + test must sum to 1";
    out.push({ path: ["data", "split"], message: `${fix}, got ${split.train} + ${split.validation} + ${split.test} = ${round(sum)}` });
  }
  if (split.train === 0) out.push({ path: ["data", "split", "train"], message: "the train split must have rows: expected a number > 0, got 0" });
  return out;
}

/**
 * IDX, images or CSV: a named dataset is IDX; otherwise data.format, else images when an image key is
 * set, idx when labels are given or the name says so.
 */
export function dataFormat(d: Config["data"]): "csv" | "idx" | "images" {
  if (d.dataset !== undefined) return "idx";
  if (d.format !== undefined) return d.format;
  if (d.image_size !== undefined || d.color_mode !== undefined || d.image_column !== undefined) return "images";
  return d.labels !== undefined || /idx\d*-ubyte|\.idx\d*(\.gz)?$/i.test(d.path ?? "") ? "idx" : "csv";
}

/** Where the data comes from: data.path xor data.dataset, and the keys each source takes. */
function sourceProblems(d: Config["data"]): Problem[] {
  const out: Problem[] = [];
  const p = (key: string, message: string, at?: "key"): Problem => ({ path: ["data", key], message, ...(at ? { at } : {}) });
  if (d.path === undefined && d.dataset === undefined) {
    out.push(p("path", "missing (required); expected a CSV or IDX file, or name a dataset instead (data.dataset: fashion-mnist)"));
    return out;
  }
  const format = dataFormat(d);
  if (d.dataset !== undefined) {
    for (const key of ["path", "labels", "test_path", "test_labels", "class_names"] as const) {
      if (d[key] !== undefined) out.push(p(key, `data.dataset ${d.dataset} brings its own files and class names; remove ${key} (or drop data.dataset and give the files)`, "key"));
    }
  } else if (format === "images") {
    out.push(...imageSourceProblems(d, p));
  } else if (format === "idx") {
    if (d.labels === undefined) out.push(p("path", "an IDX images file needs its labels: add data.labels (e.g. train-labels-idx1-ubyte.gz)"));
    if (d.test_path !== undefined && d.test_labels === undefined) out.push(p("test_path", "an IDX test file needs its labels: add data.test_labels (e.g. t10k-labels-idx1-ubyte.gz)"));
  } else {
    for (const key of ["labels", "test_labels", "class_names"] as const) {
      if (d[key] !== undefined) out.push(p(key, `only for IDX data, but data.path is read as CSV; set data.format: idx if it is an IDX file`, "key"));
    }
  }
  if (d.test_labels !== undefined && d.test_path === undefined && d.dataset === undefined) {
    out.push(p("test_labels", "test labels without a test file: add data.test_path (the IDX test images)", "key"));
  }
  if (format !== "images") {
    for (const key of ["image_size", "color_mode", "image_column", "bad_images"] as const) {
      if (d[key] !== undefined) out.push(p(key, `only for image data (data.format: images), but data.path is read as ${format === "idx" ? "IDX" : "CSV"}`, "key"));
    }
  }
  if (format === "images") {
    // imageSourceProblems has checked the keys
  } else if (format === "idx") {
    for (const key of ["target", "features", "delimiter"] as const) {
      if (d[key] !== undefined) out.push(p(key, `only for CSV data; IDX features are pixel_0, pixel_1, ... and the target is the labels file`, "key"));
    }
    if (d.ignore.length > 0) out.push(p("ignore", "only for CSV data; IDX data has no columns to ignore", "key"));
    if (d.task === "multilabel") out.push(p("task", "an IDX labels file has one label per image; use multiclass, binary or regression"));
  } else if (d.target === undefined) {
    out.push(p("target", "missing (required for a CSV); expected a non-empty string or a non-empty list of strings (the column(s) to predict)"));
  }
  return out;
}

/** data.format images: a class-folder tree (no columns) or a CSV of image paths (image_column + target). */
function imageSourceProblems(d: Config["data"], p: (key: string, message: string, at?: "key") => Problem): Problem[] {
  const out: Problem[] = [];
  const folder = d.image_column === undefined;
  for (const key of ["labels", "test_labels", "class_names", "features", "categorical"] as const) {
    if (d[key] !== undefined) out.push(p(key, `not for image data: ${folder ? "the classes are the sub-folder names" : "the label is data.target's column"}; remove ${key}`, "key"));
  }
  if (d.ignore.length > 0) out.push(p("ignore", "not for image data: the features are the pixels", "key"));
  if (folder) {
    for (const key of ["target", "delimiter"] as const) {
      if (d[key] !== undefined) out.push(p(key, "only for a CSV of image paths (with data.image_column); a folder's classes are its sub-folder names", "key"));
    }
  } else if (d.target === undefined) {
    out.push(p("target", "missing (required with data.image_column): the column holding each image's label"));
  } else if (Array.isArray(d.target) && d.target.length > 1) {
    out.push(p("target", `an image has one label column, got ${d.target.length}`));
  }
  if (d.task === "regression" || d.task === "multilabel") out.push(p("task", `image data is classified into its classes; use binary or multiclass (or auto), got ${d.task}`));
  return out;
}

function dataProblems(config: Config): Problem[] {
  const d = config.data;
  const out: Problem[] = sourceProblems(d);
  if (d.target === undefined || dataFormat(d) !== "csv") return out;
  const targets = typeof d.target === "string" ? [d.target] : d.target;
  if (d.task === "multilabel" && typeof d.target === "string") {
    out.push({ path: ["data", "target"], message: `a multilabel task needs a list of 0/1 target columns, got the single column "${d.target}"; for one label use task binary` });
  }
  if ((d.task === "binary" || d.task === "multiclass") && Array.isArray(d.target) && d.target.length > 1) {
    out.push({ path: ["data", "target"], message: `a ${d.task} task has one target column, got ${d.target.length}; for several 0/1 columns use task multilabel` });
  }
  d.features?.forEach((f, i) => {
    if (targets.includes(f)) out.push({ path: ["data", "features", i], message: `"${f}" is the target; a column cannot be both a feature and a target` });
    if (d.ignore.includes(f)) out.push({ path: ["data", "features", i], message: `"${f}" is also in data.ignore; list it in one place only` });
  });
  d.ignore.forEach((c, i) => {
    if (targets.includes(c)) out.push({ path: ["data", "ignore", i], message: `"${c}" is the target; it cannot be ignored` });
  });
  if (d.positive !== undefined && d.task !== "auto" && d.task !== "binary") {
    out.push({ path: ["data", "positive"], message: `only a binary task has a positive class; this task is ${d.task} (remove positive or set task: binary)` });
  }
  return out;
}

function metricProblems(config: Config, candidates: TaskName[]): Problem[] {
  const out: Problem[] = [];
  config.metrics?.forEach((m, i) => {
    if (candidates.some((t) => metricsForTask(t).includes(m))) return;
    const fit = [...new Set(candidates.flatMap((t) => metricsForTask(t)))];
    const what = candidates.length === 1 ? `a ${candidates[0]} task` : `this output (${candidates.join(" or ")})`;
    out.push({ path: ["metrics", i], message: `${m} does not apply to ${what}; expected one of ${fit.join(", ")}` });
  });
  return out;
}

/** Names a `monitor:` can watch: loss and the shown metrics, each also with val_. */
export function monitorNames(config: Config, candidates: readonly TaskName[]): string[] {
  const shown = config.metrics ?? [...new Set(candidates.flatMap((t) => defaultMetrics(t)))];
  const base = ["loss", ...shown];
  return [...base, ...base.map((n) => `val_${n}`)];
}

function monitorProblems(config: Config, candidates: TaskName[]): Problem[] {
  const out: Problem[] = [];
  const names = monitorNames(config, candidates);
  const noValidation = config.data.split.validation === 0;
  const check = (monitor: string, path: (string | number)[]) => {
    if (!names.includes(monitor)) {
      out.push({ path, message: `cannot watch ${JSON.stringify(monitor)}: the history has ${names.join(", ")}${didYouMean(monitor, names)}` });
    } else if (noValidation && monitor.startsWith("val_")) {
      out.push({ path, message: `watches ${monitor} but data.split.validation is 0 (no validation rows); watch ${monitor.slice(4)} or give the validation split a share` });
    }
  };
  const es = config.training.early_stopping;
  if (es) check(es.monitor, ["training", "early_stopping", "monitor"]);
  if (config.schedule.type === "reduce_on_plateau") check(config.schedule.monitor, ["schedule", "monitor"]);
  return out;
}

const round = (x: number) => Math.round(x * 1e12) / 1e12;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Fill omitted split ratios (before validation) so the three sum to 1: with none given 0.7/0.15/0.15;
 * with data.test_path or data.dataset (both bring a test file) an omitted test is 0; an omitted train takes the remainder (validation and test
 * default to 0.15 then); otherwise the omitted ratios share the remainder equally. Ratios that cannot
 * be filled without going negative stay omitted, and the sum rule reports them.
 */
export function fillSplitDefaults(raw: unknown): void {
  if (!isObj(raw) || !isObj(raw.data)) return;
  const data = raw.data;
  if (data.split !== undefined && data.split !== null && !isObj(data.split)) return;
  const split: Record<string, unknown> = isObj(data.split) ? { ...data.split } : {};
  const keys = ["train", "validation", "test"] as const;
  if (keys.some((k) => split[k] !== undefined && typeof split[k] !== "number")) return;
  const filled: Record<string, number> = {};
  for (const k of keys) if (typeof split[k] === "number") filled[k] = split[k] as number;
  if (filled.test === undefined && (data.test_path !== undefined || data.dataset !== undefined)) filled.test = 0;
  if (filled.train === undefined) {
    filled.validation ??= 0.15;
    filled.test ??= 0.15;
    filled.train = round(1 - filled.validation - filled.test);
  } else {
    const missing = keys.filter((k) => filled[k] === undefined);
    const rest = 1 - keys.reduce((s, k) => s + (filled[k] ?? 0), 0);
    for (const k of missing) filled[k] = round(rest / missing.length);
  }
  for (const k of keys) {
    if (split[k] === undefined && filled[k] >= 0) split[k] = filled[k];
  }
  data.split = split;
}
