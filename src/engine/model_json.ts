// model.json `layers` -> a model: each entry's options parsed against its layer's schema, and saved
// weights checked for shape (kernel [in,units] as number[][], bias [units]) before they are copied in.
import { MltrainError } from "../errors.js";
import { layers as layerRegistry, type Layer, type LayerJson, type LayerOptions } from "./layers/index.js";

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

/** [rows, cols] of a number[][], [n] of a number[], null otherwise. */
function shapeOf(v: unknown): number[] | null {
  if (!Array.isArray(v)) return null;
  if (v.length > 0 && Array.isArray(v[0])) {
    const cols = (v[0] as unknown[]).length;
    if (!v.every((r) => Array.isArray(r) && r.length === cols && r.every((x) => typeof x === "number"))) return null;
    return [v.length, cols];
  }
  if (!v.every((x) => typeof x === "number")) return null;
  return [v.length];
}

/** Copy saved weights into `layers`; same types and weight shapes required, else `code` naming the layer. */
export function loadLayerWeights(
  layers: readonly Layer[],
  layersJson: readonly LayerJson[],
  code: WeightsErrorCode,
  source: string,
): void {
  const fail = (msg: string): never => {
    throw new MltrainError(code, `${source}: ${msg}`);
  };
  if (!Array.isArray(layersJson) || layersJson.length !== layers.length) {
    fail(`has ${Array.isArray(layersJson) ? layersJson.length : "no"} layers, the model has ${layers.length}`);
  }
  layers.forEach((layer, i) => {
    const saved = layersJson[i];
    const label = `layer ${i + 1} (${layer.name})`;
    if (!saved || saved.type !== layer.type) fail(`${label}: expected type ${layer.type}, found ${String(saved?.type)}`);
    if (layer.params.length === 0) return;
    const weights = saved.weights as Record<string, unknown> | undefined;
    if (!weights || typeof weights !== "object") fail(`${label}: no weights`);
    for (const p of layer.params) {
      const found = shapeOf(weights![p.name]);
      if (found === null || found.join(",") !== p.shape.join(",")) {
        fail(`${label}: ${p.name} has shape [${found?.join(", ") ?? "?"}], expected [${p.shape.join(", ")}]`);
      }
    }
    layer.setWeights(weights!);
  });
}
