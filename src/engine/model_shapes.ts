// What a model's layer options imply before any layer is built: the output layer's units filled from
// the data, and every layer's output shape for the data's sample shape (or the first layer whose input
// cannot work). Sequential builds with them; config rules report their problems at the YAML line.
import { MltrainError } from "../errors.js";
import { isShapeProblem, layerShape, outputLayerTypes, outputOptions, withOutputUnits, type LayerOptions } from "./layers/index.js";

/** A problem of a layer with its input shape: the layer's index, the option at fault, the message. */
export interface LayerShapeProblem {
  index: number;
  field: string;
  message: string;
}

/**
 * Every layer's output shape for samples of `inputShape` (the output layer's omitted units taken as
 * nOut), up to the first layer whose input cannot work: then `problem` says which and why (the shapes
 * after it are unknown).
 */
export function inferShapes(layerOptions: readonly LayerOptions[], inputShape: readonly number[], nOut: number): { shapes: number[][]; problem: LayerShapeProblem | null } {
  const shapes: number[][] = [];
  let shape = inputShape;
  for (let i = 0; i < layerOptions.length; i++) {
    let o = layerOptions[i];
    const out = outputOptions(o);
    if (out && out.units === undefined) o = withOutputUnits(o, nOut);
    const r = layerShape(o, shape);
    if (isShapeProblem(r)) return { shapes, problem: { index: i, ...r } };
    shape = r;
    shapes.push([...r]);
  }
  return { shapes, problem: null };
}

/**
 * Fill the output layer's units (the last output-capable layer's) with nOut; every other output-capable
 * layer (dense) must name its units.
 */
export function resolveUnits(layerOptions: readonly LayerOptions[], nOut: number): LayerOptions[] {
  let outputAt = -1;
  layerOptions.forEach((o, i) => {
    if (outputOptions(o) !== null) outputAt = i;
  });
  if (outputAt < 0) throw new MltrainError("config.invalid", `model.layers: the model needs at least one ${outputLayerTypes.join(" or ")} layer`);
  return layerOptions.map((o, i) => {
    const out = outputOptions(o);
    if (out === null) return o;
    if (i === outputAt) {
      if (out.units !== undefined && out.units !== nOut) {
        throw new MltrainError(
          "config.invalid",
          `the last dense layer has units: ${out.units} but the data has ${nOut} output${nOut === 1 ? "" : "s"}; ` +
            `set units: ${nOut} or omit it`,
          { path: `model.layers.${i}.units` },
        );
      }
      return withOutputUnits(o, nOut);
    }
    if (out.units === undefined) {
      throw new MltrainError("config.invalid", "units is required on every dense layer but the last", {
        path: `model.layers.${i}.units`,
      });
    }
    return o;
  });
}
