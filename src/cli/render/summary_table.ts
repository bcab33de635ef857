// Keras's model.summary() table (the Keras 2 ASCII layout, safe on any terminal and in logs):
//   Model: "iris"
//   _________________________________________________________________
//    Layer (type)                Output Shape              Param #
//   =================================================================
//    dense (Dense)               (None, 16)                80
//   ...
//   Total params: 131
import { shapeText, type SummaryRow } from "../../engine/index.js";

/** Column widths and rule length of Keras's 65-character layout; a longer layer name widens the first column. */
const W = [29, 26, 10];
const RULE = 65;

/** Keras's class name of a layer type (Conv2D, MaxPooling2D, BatchNormalization), else the type in PascalCase. */
const kerasNames: Record<string, string> = {
  conv2d: "Conv2D",
  max_pool2d: "MaxPooling2D",
  avg_pool2d: "AveragePooling2D",
  global_average_pool2d: "GlobalAveragePooling2D",
  batch_norm: "BatchNormalization",
};
const typeName = (t: string) => kerasNames[t] ?? t.split("_").map((p) => p[0].toUpperCase() + p.slice(1)).join("");

export function summaryTable(name: string, rows: readonly SummaryRow[], inputShape: readonly number[]): string {
  const total = rows.reduce((s, r) => s + r.params, 0);
  const nonTrainable = rows.reduce((s, r) => s + r.nonTrainable, 0);
  const names = rows.map((r) => `${r.name} (${typeName(r.type)})`);
  // batch_norm_1 (BatchNormalization) is wider than Keras's column: widen it (and the rules) for all rows
  const first = Math.max(W[0], ...names.map((n) => n.length + 2));
  const rule = RULE + first - W[0];
  const line = (a: string, b: string, c: string) => (" " + a.padEnd(first - 1) + b.padEnd(W[1]) + c).trimEnd();
  const out = [
    `Model: "${name}"`,
    "_".repeat(rule),
    line("Layer (type)", "Output Shape", "Param #"),
    "=".repeat(rule),
    line("input (Input)", shapeText(inputShape), "0"),
    ...rows.map((r, i) => line(names[i], shapeText(r.outputShape.slice(1) as number[]), r.params.toLocaleString("en-US"))),
    "=".repeat(rule),
    `Total params: ${total.toLocaleString("en-US")}`,
    `Trainable params: ${(total - nonTrainable).toLocaleString("en-US")}`,
    `Non-trainable params: ${nonTrainable.toLocaleString("en-US")}`,
    "_".repeat(rule),
  ];
  return out.join("\n") + "\n";
}
