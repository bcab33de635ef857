// Keras's model.summary() table (the Keras 2 ASCII layout, safe on any terminal and in logs):
//   Model: "iris"
//   _________________________________________________________________
//    Layer (type)                Output Shape              Param #
//   =================================================================
//    dense (Dense)               (None, 16)                80
//   ...
//   Total params: 131
import type { SummaryRow } from "../../engine/index.js";

const W = [29, 26, 10];
const RULE = 65;

const typeName = (t: string) => t.split("_").map((p) => p[0].toUpperCase() + p.slice(1)).join("");

/** Keras's shape text: (None, 26, 26, 32). */
const shapeText = (shape: readonly number[]) => `(None, ${shape.join(", ")})`;

export function summaryTable(name: string, rows: readonly SummaryRow[], inputShape: readonly number[]): string {
  const total = rows.reduce((s, r) => s + r.params, 0);
  const nonTrainable = rows.reduce((s, r) => s + r.nonTrainable, 0);
  const line = (a: string, b: string, c: string) => (" " + a.padEnd(W[0] - 1) + b.padEnd(W[1]) + c).trimEnd();
  const out = [
    `Model: "${name}"`,
    "_".repeat(RULE),
    line("Layer (type)", "Output Shape", "Param #"),
    "=".repeat(RULE),
    line("input (Input)", shapeText(inputShape), "0"),
    ...rows.map((r) => line(`${r.name} (${typeName(r.type)})`, shapeText(r.outputShape.slice(1) as number[]), r.params.toLocaleString("en-US"))),
    "=".repeat(RULE),
    `Total params: ${total.toLocaleString("en-US")}`,
    `Trainable params: ${(total - nonTrainable).toLocaleString("en-US")}`,
    `Non-trainable params: ${nonTrainable.toLocaleString("en-US")}`,
    "_".repeat(RULE),
  ];
  return out.join("\n") + "\n";
}
