// model.json: everything `eval` and `predict` need to rebuild the network and prepare its input.
// SPEC layout: {format: "mltrain-model", version: 1, name, task, input: {features, shape, preprocessing},
// output: {target, classes}, layers: [{type, ..., weights: {kernel, bias}}], config}. input.shape is the
// sample shape the model was built for ([features] for a CSV, [h, w, 1] for images); a file written
// before it existed reads as [features.length].
import type { Config, TaskName } from "../config/schema.js";
import type { LayerJson } from "../engine/index.js";
import { MltrainError } from "../errors.js";
import { writeJsonAtomic } from "./atomic.js";
import { readVersionedJson } from "./read_json.js";

export const MODEL_FORMAT = "mltrain-model";
export const MODEL_VERSION = 1;

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  name: string;
  task: TaskName;
  input: {
    features: string[];
    /** Shape of one sample (its values are the features in row-major order). */
    shape: number[];
    /** The data module's fitted preprocessing (normalisation statistics, encodings), as plain JSON. */
    preprocessing: unknown;
  };
  output: {
    target: string | string[];
    /** Class labels in output-column order (classification), or null (regression). */
    classes: string[] | null;
  };
  layers: LayerJson[];
  config: Config;
}

export interface ModelFileParts {
  name: string;
  task: TaskName;
  features: string[];
  /** Default [features.length]. */
  shape?: readonly number[];
  preprocessing: unknown;
  target: string | string[];
  classes: string[] | null;
  layers: LayerJson[];
  config: Config;
}

export function modelFile(p: ModelFileParts): ModelFile {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    name: p.name,
    task: p.task,
    input: { features: p.features, shape: [...(p.shape ?? [p.features.length])], preprocessing: p.preprocessing },
    output: { target: p.target, classes: p.classes },
    layers: p.layers,
    config: p.config,
  };
}

export function writeModelFile(file: string, model: ModelFile): void {
  writeJsonAtomic(file, model);
}

/**
 * Read and check a model.json: format, version, and the fields eval/predict rely on (model.bad_format,
 * model.bad_version; exit 2). `expected` says what the caller takes, for a file that is not JSON at all.
 */
export function readModelFile(file: string, expected = "a model is the model.json that fit writes (e.g. runs/NAME/model.json)"): ModelFile {
  const obj = readVersionedJson(file, {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    badFormat: "model.bad_format",
    badVersion: "model.bad_version",
    expected,
  });
  const bad = (what: string): never => {
    throw new MltrainError("model.bad_format", `corrupted model file: ${what}`, { file });
  };
  const input = obj.input as ModelFile["input"] | undefined;
  const output = obj.output as ModelFile["output"] | undefined;
  const isObject = (v: unknown): boolean => v !== null && typeof v === "object" && !Array.isArray(v);
  const isNames = (v: unknown): v is string[] => Array.isArray(v) && v.every((f) => typeof f === "string");
  if (typeof obj.name !== "string") bad("`name` is not a string");
  if (typeof obj.task !== "string" || !Object.hasOwn(tasks, obj.task)) bad(`\`task\` is not one of ${Object.keys(tasks).join(", ")}`);
  if (!isObject(input) || !isNames(input!.features)) bad("`input.features` is not a list of column names");
  if (input!.shape === undefined) input!.shape = [input!.features.length];
  const shape: unknown = input!.shape;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    bad(`\`input.shape\` is not a list of positive whole numbers, found ${JSON.stringify(shape)}`);
  }
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (size !== input!.features.length) {
    bad(`\`input.shape\` [${(shape as number[]).join(", ")}] holds ${size} values, \`input.features\` lists ${input!.features.length}`);
  }
  const target = output?.target;
  if (!isObject(output) || (typeof target !== "string" && !(isNames(target) && target.length > 0))) bad("`output.target` is neither a column name nor a non-empty list of them");
  // Class labels for every task but regression, which has none.
  if (obj.task === "regression" ? output!.classes !== null : !isNames(output!.classes)) {
    bad(`\`output.classes\` is not ${obj.task === "regression" ? "null (a regression model has no classes)" : "a list of labels"}`);
  }
  if (!Array.isArray(obj.layers) || obj.layers.length === 0) bad("`layers` is not a non-empty list");
  if (!isObject(obj.config)) bad("`config` is missing");
  return obj as unknown as ModelFile;
}

/** The tasks a model can have (every TaskName: the type checks that none is missing). */
const tasks: Record<TaskName, true> = { regression: true, binary: true, multiclass: true, multilabel: true };
