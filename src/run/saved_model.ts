// What `eval`, `predict` and the library's load() share: a model.json read back into a network plus what the data module needs
// to prepare a CSV for it (columns by name, the train-split preprocessing, the labels).
import path from "node:path";
import type { ImageConfig, ModelData } from "../data/index.js";
import type { Sequential } from "../engine/index.js";
import { MltrainError } from "../errors.js";
import type { ModelFile } from "../io/index.js";

export interface SavedModel {
  /** The model file as messages and reports name it. */
  file: string;
  json: ModelFile;
  net: Sequential;
  /** For loadForModel. */
  data: ModelData;
  /** Output columns' names: class labels (binary: [negative, positive]), multilabel/regression targets. */
  labels: string[];
}

/** Rows per forward pass: buffers are allocated once for this many rows. */
const PREDICT_CHUNK = 256;

/**
 * Read `file` (resolved against `cwd`) and rebuild the network. Every problem is an exit-2 MltrainError:
 * missing file (data.io), not a model / corrupted (model.bad_format), another version (model.bad_version).
 */
export async function loadSavedModel(
  file: string,
  cwd: string,
  expected = "eval and predict take the model.json that fit writes (e.g. runs/NAME/model.json), then the data",
  maxBatch = PREDICT_CHUNK,
): Promise<SavedModel> {
  const { readModelFile } = await import("../io/index.js");
  const { datasets, displayPath, inputWidth, parsePreprocessing } = await import("../data/index.js");
  const { Sequential, createKernels } = await import("../engine/index.js");
  const abs = path.resolve(cwd, file);
  const shown = displayPath(abs);
  const json = readModelFile(shown, expected);
  const preprocessing = parsePreprocessing(json.input.preprocessing, shown);
  const nIn = json.input.features.length;
  if (inputWidth(preprocessing) !== nIn) {
    throw new MltrainError(
      "model.bad_format",
      `corrupted model file: input.preprocessing gives ${inputWidth(preprocessing)} input${inputWidth(preprocessing) === 1 ? "" : "s"}, input.features lists ${nIn}`,
      { file: shown },
    );
  }
  const target = Array.isArray(json.output.target) ? json.output.target : [json.output.target];
  let net: Sequential;
  try {
    // a backend of its own (net.kernels), used until the command ends
    net = Sequential.fromJSON(json.layers, { nIn, inputShape: json.input.shape, maxBatch, kernels: createKernels() });
  } catch (err) {
    // The engine names the layer but not the file: say which file is corrupted.
    if (!(err instanceof MltrainError) || err.where?.file) throw err;
    throw new MltrainError(err.code, err.message.replace(/^model\.json: /, "corrupted model file: "), { file: shown });
  }
  const labels = json.output.classes ?? target;
  const width = json.task === "binary" ? 1 : labels.length;
  if (net.nOut !== width) {
    throw new MltrainError(
      "model.bad_format",
      `corrupted model file: the last layer has ${net.nOut} output${net.nOut === 1 ? "" : "s"}, a ${json.task} model of ${labels.length} ${json.output.classes ? "classes" : "targets"} needs ${width}`,
      { file: shown },
    );
  }
  return {
    file: shown,
    json,
    net,
    data: {
      features: json.input.features, shape: json.input.shape, target, task: json.task, classes: json.output.classes, preprocessing, labelNames: idxLabelNames(json, datasets),
      images: imageConfig(json),
    },
    labels,
  };
}

/**
 * The class names fit gave IDX labels 0, 1, ...: the config's data.class_names, else its dataset's
 * classes. `config` only records the run, so a model without it (or its data section) still loads.
 */
function idxLabelNames(json: ModelFile, known: Record<string, { classes: string[] }>): string[] | undefined {
  const data = json.config.data as Partial<ModelFile["config"]["data"]> | undefined;
  return data?.class_names ?? (data?.dataset !== undefined ? known[data.dataset]?.classes : undefined);
}

/** A model trained on images: its config's image keys (how eval and predict decode), else undefined. */
function imageConfig(json: ModelFile): ImageConfig | undefined {
  const data = json.config.data as Partial<ModelFile["config"]["data"]> | undefined;
  if (data?.format !== "images") return undefined;
  return { image_size: data.image_size, color_mode: data.color_mode, bad_images: data.bad_images };
}
