// Level 3, the CLI's runs from code: fit(config) is `mltrain fit` without the printing — the same run
// folder, the same events (--json's epoch_end, restart_end), the same validation. A config object is
// typed from the schema by defineConfig: an editor completes every key, a misspelt one does not compile.
//   npm run examples
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, fit } from "mltrain";

const runs = mkdtempSync(path.join(tmpdir(), "mltrain-example-"));

// a YAML file with --set overrides, as `mltrain fit configs/iris.yaml --set training.epochs=20 -o DIR`
const fromFile = fit("configs/iris.yaml", { set: ["training.epochs=20"], output: path.join(runs, "iris") });
for await (const ev of fromFile) if (ev.type === "restart_end") console.log(`restart ${ev.restart}: best ${ev.result.monitor} ${ev.result.best_value?.toFixed(4)}`);
const done = await fromFile.result;
console.log(`${done.status}: ${done.files.map((f) => path.basename(f)).join(", ")}; test loss ${done.test.values?.loss?.toFixed(4)}`);

// the same kind of run from a config object (paths relative to cwd)
const config = defineConfig({
  name: "wine",
  data: { path: "datasets/wine.csv", target: "class", split: { train: 0.7, validation: 0.15, test: 0.15 } },
  model: { layers: [{ type: "dense", units: 16, activation: "relu" }, { type: "dense", activation: "softmax" }] },
  optimizer: { type: "adam", learning_rate: 0.01 },
  training: { epochs: 30, early_stopping: { monitor: "val_loss", patience: 5 } },
});
const wine = await fit(config, { output: path.join(runs, "{name}") }).result;
console.log(`${wine.config.name}: ${wine.status}, ${wine.result.epochsRun} epochs, in ${path.relative(runs, wine.dir)}/`);
