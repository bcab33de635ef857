// GET /model: what a client sends (the source features, their kinds and categories) and gets back
// (task, classes or targets), and the network (Keras-like layers: type, output shape, parameters).
import type { ServedModel } from "./served_model.js";

export interface ModelInfo {
  name: string;
  task: string;
  /** The fields of a row, in the model's order: numbers, or one of the categories. */
  features: ({ name: string; type: "number" } | { name: string; type: "category"; categories: string[] })[];
  /** Class labels (binary: [negative, positive]); null for regression. */
  classes: string[] | null;
  target: string[];
  /** The network's inputs after one-hot expansion (model.json input.features). */
  inputs: string[];
  /** [null, ...sample shape]: null is the batch dimension (Keras's None). */
  input_shape: (number | null)[];
  output_shape: (number | null)[];
  layers: { name: string; type: string; output_shape: (number | null)[]; params: number }[];
  params: number;
}

export function modelInfo(model: ServedModel): ModelInfo {
  const summary = model.net.summary();
  return {
    name: model.name,
    task: model.task,
    features: model.data.preprocessing.columns.map((c) => (c.kind === "numeric" ? { name: c.name, type: "number" } : { name: c.name, type: "category", categories: c.categories })),
    classes: model.data.classes,
    target: model.data.target,
    inputs: model.data.features,
    input_shape: [null, ...model.net.inputShape],
    output_shape: [null, ...model.net.outputShape],
    layers: summary.map((r) => ({ name: r.name, type: r.type, output_shape: r.outputShape, params: r.params })),
    params: summary.reduce((s, r) => s + r.params, 0),
  };
}
