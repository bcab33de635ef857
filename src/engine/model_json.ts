// model.json `layers` -> a model: each entry's options parsed against its layer's schema, and saved
// weights (trainable params and non-trainable state alike, nested arrays of any rank: dense kernel
// [in][units], conv2d kernel [kh][kw][cin][filters], bias [units]) checked for shape before they are
// copied in.
import { MltrainError } from "../errors.js";
import { layers as layerRegistry, type Layer, type LayerJson, type LayerOptions } from "./layers/index.js";
import { fromNested, nestedShape } from "./tensor.js";

export type WeightsErrorCode = "config.invalid" | "model.bad_format" | "checkpoint.invalid";

/** A layer's options from its model.json entry (weights ignored); a bad entry is model.bad_format. */
export function parseLayer(json: LayerJson, i: number): LayerOptions {
  const type = json?.type;
  if (typeof type !== "string" || !(type in layerRegistry)) {
    throw new MltrainError("model.bad_format", `model.json: layers[${i}] has unknown type ${JSON.stringify(type)}`);
  }
  const { weights: _weights, ...options } = json;
  const parsed = layerRegistry[type as keyof typeof layerRegistry].options.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MltrainError("model.bad_format", `model.json: layers[${i}].${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

/** Copy saved weights into `layers`; same types and weight shapes required, else `code` naming the layer. */
export function loadLayerWeights(
  layers: readonly Layer[],
  layersJson: readonly LayerJson[],
  code: WeightsErrorCode,
  source: string,
): void {
  // config.invalid: the weights are model.init_from's, so the config key is named for the loader to locate
  const fail = (msg: string): never => {
    throw new MltrainError(code, `${source}: ${msg}`, code === "config.invalid" ? { path: "model.init_from" } : undefined);
  };
  if (!Array.isArray(layersJson) || layersJson.length !== layers.length) {
    fail(`has ${Array.isArray(layersJson) ? layersJson.length : "no"} layers, the model has ${layers.length}`);
  }
  layers.forEach((layer, i) => {
    const saved = layersJson[i];
    const label = `layer ${i + 1} (${layer.name})`;
    if (!saved || saved.type !== layer.type) fail(`${label}: expected type ${layer.type}, found ${String(saved?.type)}`);
    const tensors = [...layer.params, ...layer.state];
    if (tensors.length === 0) return;
    const weights = saved.weights as Record<string, unknown> | undefined;
    if (!weights || typeof weights !== "object") fail(`${label}: no weights`);
    // every shape first: a bad entry leaves the layer's weights untouched
    for (const t of tensors) {
      const found = nestedShape(weights![t.name]);
      if (found === null || found.join(",") !== t.shape.join(",")) {
        const what = found === null ? (weights![t.name] === undefined ? "is missing" : "is not an array of numbers of equal lengths") : `has shape [${found.join(", ")}]`;
        fail(`${label}: ${t.name} ${what}, expected [${t.shape.join(", ")}]`);
      }
    }
    for (const t of tensors) fromNested(weights![t.name], t.w);
  });
}
