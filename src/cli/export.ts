// `mltrain export MODEL -o FILE.onnx`: the model, its preprocessing and its label lookup as one ONNX
// graph (see onnx_graph.ts for the inputs and outputs). Written atomically: a bad model or an unwritable
// path leaves an existing FILE as it was.
import path from "node:path";
import type { Command } from "commander";
import type { CliIo } from "./io.js";
import { MltrainError } from "../errors.js";
import { loadSavedModel } from "./saved_model.js";
import { packageVersion } from "../run/version.js";

export function registerExport(program: Command, io: CliIo): void {
  program
    .command("export")
    .description("write the model as ONNX (opset 19): raw feature values in, probabilities (or values) and the label out")
    .argument("<model>", "model.json written by fit")
    .requiredOption("-o, --output <file>", "the .onnx file to write")
    .action(async (model: string, opts: { output: string }) => runExport(model, opts.output, io));
}

async function runExport(modelFile: string, output: string, io: CliIo): Promise<void> {
  const { onnxModel } = await import("./onnx_graph.js");
  const { writeFileAtomic } = await import("../io/index.js");
  const saved = await loadSavedModel(modelFile, io.cwd, "export takes the model.json that fit writes (e.g. runs/NAME/model.json)");
  saved.net.kernels.dispose();
  const bytes = onnxModel(saved.json, saved.data.preprocessing, saved.labels, packageVersion());
  const file = path.resolve(io.cwd, output);
  try {
    writeFileAtomic(file, bytes);
  } catch (err) {
    // a path that cannot be written is the caller's to fix: a usage error (exit 2), not a failed run
    if (err instanceof MltrainError) throw new MltrainError("usage", `${err.message}; choose a writable -o path`, { file: output });
    throw err;
  }
  io.stdout.write(`Wrote ${output} (${bytes.length} bytes, ONNX opset 19)\n`);
}
