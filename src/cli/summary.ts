// `mltrain summary CONFIG|MODEL`: Keras-like layer table. A model.json (any *.json) is read back as is; a
// YAML config is resolved against its data (the input width and class count come from the CSV).
import path from "node:path";
import type { Command } from "commander";
import type { CliIo } from "./io.js";
import { collect } from "./options.js";
import { summaryTable } from "./render/summary_table.js";

export interface SummaryOptions {
  set: string[];
}

export function registerSummary(program: Command, io: CliIo): void {
  program
    .command("summary")
    .description("Keras-like table: layer, output shape, parameter count, totals")
    .argument("<file>", "a YAML config or a model.json")
    .option("--set <path=value>", "override a config key (for a CONFIG), VALUE parsed as YAML (repeatable)", collect, [])
    .action(async (file: string, opts: SummaryOptions) => {
      const { JsKernels, Rng, buildModel } = await import("../engine/index.js");
      const kernels = new JsKernels(); // the model is only described, never run: plain arrays, no thread
      if (/\.json$/i.test(file)) {
        // as eval and predict read it: a corrupted model.json is named in the error
        const { loadSavedModel } = await import("./saved_model.js");
        const m = await loadSavedModel(file, io.cwd);
        io.stdout.write(summaryTable(m.json.name, m.net.summary(), m.json.input.shape));
        return;
      }
      const { loadConfig } = await import("../config/load.js");
      const { loadData } = await import("../data/index.js");
      const { resolveAgainstData } = await import("../run/resolve.js");
      const loaded = await loadConfig(file, opts.set, io.cwd, { taskFromData: true });
      const data = await loadData(loaded.config.data, { baseDir: loaded.dir, seed: loaded.config.seed }).catch((e: unknown) => {
        throw loaded.locate(e);
      });
      const { config } = resolveAgainstData(loaded, data);
      const model = buildModel(config.model.layers, {
        nIn: data.train.nIn,
        inputShape: data.shape,
        nOut: data.train.nOut,
        maxBatch: 1,
        kernels,
        rng: new Rng(config.seed),
      });
      io.stdout.write(summaryTable(config.name, model.summary(), data.shape));
    });
}
