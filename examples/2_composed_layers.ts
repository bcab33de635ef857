// Level 2, composed layers: a Sequential model whose layers and fit options are the YAML's (snake_case,
// the same checks), trained on the iris CSV, scored, asked, saved as the model.json the CLI reads, and
// loaded back. `using` disposes each model (its WebAssembly memory and thread) at the end of the scope.
//   npm run examples
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { load, sequential } from "mltrain";

using model = sequential([
  { type: "dense", units: 16, activation: "tanh" },
  { type: "dense", activation: "softmax" }, // units: the number of classes, from the data
]);

const run = model.fit(
  { path: "datasets/iris.csv", target: "species" }, // a data: section, as in YAML (or { x, y } arrays)
  { optimizer: { type: "adam", learning_rate: 0.01 }, training: { epochs: 60, batch_size: 16 } },
);
for await (const ev of run) {
  if (ev.type === "epoch_end" && ev.epoch % 20 === 0) console.log(`epoch ${ev.epoch}: loss ${ev.logs.loss.toFixed(4)}, val_loss ${ev.logs.val_loss?.toFixed(4)}`);
}
console.log(`${(await run.result).status} after ${(await run.result).epochsRun} epochs`);

const test = await model.evaluate({ split: "test" }); // scikit-learn's metrics, as metrics.json's
if ("accuracy" in test) console.log(`test accuracy ${test.accuracy.toFixed(3)}`);

const flower = { x: [[5.1, 3.5, 1.4, 0.2]] }; // raw measurements: the model's preprocessing applies
console.log(`a ${(await model.predict(flower)).labels![0]}`);

const file = path.join(mkdtempSync(path.join(tmpdir(), "mltrain-example-")), "iris.json");
model.save(file); // `npx mltrain predict FILE datasets/iris.csv` reads it
using again = await load(file);
console.log(`loaded back: a ${(await again.predict(flower)).labels![0]}`);
