// model.json -> an ONNX ModelProto (opset 19, the default domain only). The graph takes what `predict`
// reads from a CSV and returns what it writes:
//   inputs   `numeric` float32 [N, numeric columns] (input.preprocessing order; NaN = missing cell),
//            one string [N, 1] input per categorical column, named by the column
//   outputs  `probabilities` float32 [N, classes] (binary: [1 - p, p]) or `values` [N, targets] (regression);
//            `label` string [N] (binary: p > 0.5, multiclass: the first arg max) or int64 [N, labels]
//            0/1 (multilabel: p > 0.5)
// Tensors stay NHWC as in the engine; conv2d and the pools transpose to ONNX's NCHW and back.
// Opset 19 because Equal on strings (the one-hot of categories) needs it.
import onnxProto from "onnx-proto";
import type { CategoricalTransform, NumericTransform, Preprocessing } from "../data/index.js";
import { MltrainError } from "../errors.js";
import type { ModelFile } from "../io/index.js";

const { onnx } = onnxProto;
export const OPSET = 19;

type Node = onnxProto.onnx.INodeProto;
type Tensor = onnxProto.onnx.ITensorProto;
type Attr = onnxProto.onnx.IAttributeProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const STRING = onnx.TensorProto.DataType.STRING;

/** Builds the node list; each helper returns the name of its output. */
class Graph {
  nodes: Node[] = [];
  init: Tensor[] = [];
  private n = 0;
  op(type: string, inputs: string[], attrs: Attr[] = [], name = `${type.toLowerCase()}_${this.n++}`): string {
    this.nodes.push({ opType: type, input: inputs, output: [name], name, attribute: attrs });
    return name;
  }
  floats(dims: number[], values: ArrayLike<number>, hint = "c"): string {
    const name = `${hint}_${this.n++}`;
    this.init.push({ name, dims, dataType: FLOAT, floatData: Array.from(values) });
    return name;
  }
  ints(dims: number[], values: number[], hint = "c"): string {
    const name = `${hint}_${this.n++}`;
    this.init.push({ name, dims, dataType: INT64, int64Data: values });
    return name;
  }
  strings(dims: number[], values: string[], hint = "c"): string {
    const name = `${hint}_${this.n++}`;
    this.init.push({ name, dims, dataType: STRING, stringData: values.map((s) => new TextEncoder().encode(s)) });
    return name;
  }
}

const ints = (name: string, v: number[]): Attr => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: v });
const int = (name: string, v: number): Attr => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: v });
const float = (name: string, v: number): Attr => ({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v });
const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [v[0], v[1]] : [v as number, v as number]);
const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);

/** TensorFlow's padding of one axis: [before, after], the odd one after. */
function pads(n: number, k: number, s: number, padding: string): { out: number; before: number; after: number } {
  if (padding !== "same") return { out: Math.floor((n - k) / s) + 1, before: 0, after: 0 };
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + k - n, 0);
  return { out, before: Math.floor(total / 2), after: total - Math.floor(total / 2) };
}

function activation(g: Graph, x: string, name: string): string {
  switch (name) {
    case "linear":
      return x;
    case "relu":
      return g.op("Relu", [x]);
    case "sigmoid":
      return g.op("Sigmoid", [x]);
    case "tanh":
      return g.op("Tanh", [x]);
    case "softmax":
      return g.op("Softmax", [x], [int("axis", -1)]);
    case "elu":
      return g.op("Elu", [x], [float("alpha", 1)]);
    case "leaky_relu":
      return g.op("LeakyRelu", [x], [float("alpha", 0.2)]);
    case "softplus":
      return g.op("Softplus", [x]);
    default:
      throw new MltrainError("model.bad_format", `ONNX export knows no activation ${JSON.stringify(name)}`);
  }
}

/** NHWC x -> op in NCHW -> NHWC. */
function nchw(g: Graph, x: string, op: (x: string) => string): string {
  const t = g.op("Transpose", [x], [ints("perm", [0, 3, 1, 2])]);
  return g.op("Transpose", [op(t)], [ints("perm", [0, 2, 3, 1])]);
}

/** One layer on x of sample shape `shape`; returns the output and its sample shape. */
function layer(g: Graph, x: string, shape: number[], l: Record<string, unknown>, i: number): [string, number[]] {
  const w = (l.weights ?? {}) as Record<string, unknown>;
  switch (l.type) {
    case "dense": {
      const kernel = w.kernel as number[][];
      const units = kernel[0].length;
      const y = g.op("Add", [g.op("MatMul", [x, g.floats([kernel.length, units], flat(kernel), `dense${i}_kernel`)]), g.floats([units], flat(w.bias), `dense${i}_bias`)]);
      return [activation(g, y, l.activation as string), [units]];
    }
    case "dropout":
      return [g.op("Identity", [x]), shape];
    case "flatten":
    case "reshape": {
      const to = l.type === "flatten" ? [shape.reduce((a, b) => a * b, 1)] : (l.target_shape as number[]);
      return [g.op("Reshape", [x, g.ints([to.length + 1], [-1, ...to], "shape")]), to];
    }
    case "conv2d": {
      const kernel = w.kernel as number[][][][]; // [kh][kw][cin][filters]
      const [kh, kw] = pair(l.kernel_size);
      const [sh, sw] = pair(l.strides ?? 1);
      const cin = shape[2];
      const f = l.filters as number;
      const oihw = new Float32Array(f * cin * kh * kw);
      for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) for (let c = 0; c < cin; c++) for (let o = 0; o < f; o++) oihw[((o * cin + c) * kh + a) * kw + b] = kernel[a][b][c][o];
      const ph = pads(shape[0], kh, sh, l.padding as string);
      const pw = pads(shape[1], kw, sw, l.padding as string);
      const inputs = [g.floats([f, cin, kh, kw], oihw, `conv${i}_kernel`)];
      if (l.use_bias !== false) inputs.push(g.floats([f], flat(w.bias), `conv${i}_bias`));
      const attrs = [ints("kernel_shape", [kh, kw]), ints("strides", [sh, sw]), ints("pads", [ph.before, pw.before, ph.after, pw.after])];
      const y = nchw(g, x, (t) => g.op("Conv", [t, ...inputs], attrs));
      return [activation(g, y, (l.activation as string) ?? "linear"), [ph.out, pw.out, f]];
    }
    case "max_pool2d":
    case "avg_pool2d": {
      const [kh, kw] = pair(l.pool_size ?? 2);
      const [sh, sw] = pair(l.strides ?? l.pool_size ?? 2);
      const ph = pads(shape[0], kh, sh, l.padding as string);
      const pw = pads(shape[1], kw, sw, l.padding as string);
      const attrs = [ints("kernel_shape", [kh, kw]), ints("strides", [sh, sw]), ints("pads", [ph.before, pw.before, ph.after, pw.after])];
      // avg: same padding averages only the cells inside the image
      if (l.type === "avg_pool2d") attrs.push(int("count_include_pad", 0));
      const y = nchw(g, x, (t) => g.op(l.type === "max_pool2d" ? "MaxPool" : "AveragePool", [t], attrs));
      return [y, [ph.out, pw.out, shape[2]]];
    }
    case "global_average_pool2d":
      return [g.op("ReduceMean", [x, g.ints([2], [1, 2], "axes")], [int("keepdims", 0)]), [shape[2]]];
    case "batch_norm": {
      // inference: (x - moving_mean) / sqrt(moving_variance + epsilon) · gamma + beta, per last axis
      const c = shape[shape.length - 1];
      const eps = (l.epsilon as number) ?? 0.001;
      const sd = flat(w.moving_variance).map((v) => Math.sqrt(Math.fround(v + eps)));
      let y = g.op("Div", [g.op("Sub", [x, g.floats([c], flat(w.moving_mean), `bn${i}_mean`)]), g.floats([c], sd, `bn${i}_sd`)]);
      if (w.gamma !== undefined) y = g.op("Mul", [y, g.floats([c], flat(w.gamma), `bn${i}_gamma`)]);
      if (w.beta !== undefined) y = g.op("Add", [y, g.floats([c], flat(w.beta), `bn${i}_beta`)]);
      return [y, shape];
    }
    default:
      throw new MltrainError("model.bad_format", `layers[${i}]: ONNX export knows no layer type ${JSON.stringify(l.type)}`);
  }
}

const valueInfo = (name: string, type: number, dims: (number | string)[]): onnxProto.onnx.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: type, shape: { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) } } },
});

/** The ONNX bytes of a model read by loadSavedModel (its checked preprocessing and labels). */
export function onnxModel(json: ModelFile, p: Preprocessing, labels: string[], version: string): Uint8Array {
  const g = new Graph();
  const numeric = p.columns.filter((c): c is NumericTransform => c.kind === "numeric");
  const inputs: onnxProto.onnx.IValueInfoProto[] = [];
  let scaled = "";
  if (numeric.length > 0) {
    inputs.push(valueInfo("numeric", FLOAT, ["N", numeric.length]));
    // a missing cell (NaN) takes the fill predict uses (the train mean, else the shift: 0 after scaling)
    const fill = g.floats([numeric.length], numeric.map((c) => c.fill ?? c.shift), "fill");
    const x = g.op("Where", [g.op("IsNaN", ["numeric"]), fill, "numeric"]);
    const shift = g.floats([numeric.length], numeric.map((c) => c.shift), "shift");
    scaled = g.op("Div", [g.op("Sub", [x, shift]), g.floats([numeric.length], numeric.map((c) => c.scale), "scale")]);
  }
  let x = scaled;
  if (numeric.length < p.columns.length) {
    // one block per source column, in predict's order: a numeric column's slice, a category's one-hot
    let at = 0;
    const parts = p.columns.map((c) => {
      if (c.kind === "categorical") return oneHot(g, c, inputs);
      at++;
      return g.op("Slice", [scaled, g.ints([1], [at - 1], "start"), g.ints([1], [at], "end"), g.ints([1], [1], "axis")]);
    });
    x = g.op("Concat", parts, [int("axis", 1)]);
  }
  let shape = [...json.input.shape];
  if (shape.length > 1) x = g.op("Reshape", [x, g.ints([shape.length + 1], [-1, ...shape], "shape")]);
  json.layers.forEach((l, i) => ([x, shape] = layer(g, x, shape, l as Record<string, unknown>, i)));
  const outputs: onnxProto.onnx.IValueInfoProto[] = [];
  const k = labels.length;
  const half = () => g.floats([], [0.5], "threshold");
  if (json.task === "regression") {
    g.op("Identity", [x], [], "values");
    outputs.push(valueInfo("values", FLOAT, ["N", k]));
  } else if (json.task === "multilabel") {
    g.op("Identity", [x], [], "probabilities");
    g.op("Cast", [g.op("Greater", [x, half()])], [int("to", INT64)], "label");
    outputs.push(valueInfo("probabilities", FLOAT, ["N", k]), valueInfo("label", INT64, ["N", k]));
  } else {
    let index: string;
    if (json.task === "binary") {
      g.op("Concat", [g.op("Sub", [g.floats([], [1], "one"), x]), x], [int("axis", 1)], "probabilities");
      index = g.op("Cast", [g.op("Reshape", [g.op("Greater", [x, half()]), g.ints([1], [-1], "shape")])], [int("to", INT64)]);
    } else {
      g.op("Identity", [x], [], "probabilities");
      index = g.op("ArgMax", [x], [int("axis", 1), int("keepdims", 0), int("select_last_index", 0)]);
    }
    g.op("Gather", [g.strings([k], labels, "classes"), index], [int("axis", 0)], "label");
    outputs.push(valueInfo("probabilities", FLOAT, ["N", k]), valueInfo("label", STRING, ["N"]));
  }
  const meta = {
    task: json.task,
    features: JSON.stringify(p.columns.map((c) => c.name)),
    numeric_inputs: JSON.stringify(numeric.map((c) => c.name)),
    input_features: JSON.stringify(json.input.features),
    classes: JSON.stringify(json.output.classes),
    target: JSON.stringify(json.output.target),
  };
  const model = onnx.ModelProto.create({
    irVersion: 9,
    producerName: "mltrain",
    producerVersion: version,
    modelVersion: 1,
    docString: `${json.name}: exported from mltrain's model.json`,
    opsetImport: [{ domain: "", version: OPSET }],
    metadataProps: Object.entries(meta).map(([key, value]) => ({ key, value })),
    graph: { name: json.name, node: g.nodes, initializer: g.init, input: inputs, output: outputs },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** The one-hot block of a categorical column from its string input [N, 1]: all 0 when unseen or empty. */
function oneHot(g: Graph, c: CategoricalTransform, inputs: onnxProto.onnx.IValueInfoProto[]): string {
  inputs.push(valueInfo(c.name, STRING, ["N", 1]));
  const eq = g.op("Equal", [c.name, g.strings([1, c.categories.length], c.categories, "categories")]);
  return g.op("Cast", [eq], [int("to", FLOAT)]);
}
