// ServedModel: a model as serve holds it, loaded by the caller (cli/serve.ts reads model.json).
import type { TaskName } from "../config/schema.js";
import type { ModelData } from "../data/index.js";
import type { Sequential } from "../engine/index.js";

/** A model as serve holds it: the network (its kernels are the caller's to dispose) and what reading rows needs. */
export interface ServedModel {
  /** The model file as messages name it. */
  file: string;
  name: string;
  task: TaskName;
  /** Output columns' names: class labels (binary: [negative, positive]), multilabel/regression targets. */
  labels: string[];
  data: ModelData;
  net: Sequential;
}
