// What `eval` and `predict` do with their DATA argument before the data module reads it: `-` is the CSV
// on standard input, and --missing error|drop|mean chooses how a missing cell is treated (default: as
// the model was trained, data.missing; error for most models).
import { InvalidArgumentError } from "commander";
import type { MissingName, ModelData, MissingSource } from "../data/index.js";
import type { CliIo } from "./io.js";

/** The name messages give standard input (`<stdin>:3:2: expected a number`). */
export const STDIN_NAME = "<stdin>";

/** --missing error|drop|mean. */
export function missingOption(value: string): MissingName {
  const v = value.trim();
  if (v !== "error" && v !== "drop" && v !== "mean") throw new InvalidArgumentError("expected error, drop or mean");
  return v;
}

/** The help text of --missing; `drop` says what the command does with such a row. */
export function missingHelp(drop: string): string {
  return `a row with an empty or NA cell: error, drop (${drop}) or mean (fill with the model's train mean); default: as the model was trained (data.missing)`;
}

export interface ModelInput {
  /** The file as loadForModel takes it: a path relative to the working directory, or STDIN_NAME. */
  file: string;
  /** Standard input's bytes, for `-`. */
  bytes?: Buffer;
  data: ModelData;
  missing?: MissingSource;
}

/** DATA and --missing as loadForModel's arguments; `modelFile` is named when the model lacks the train means. */
export async function modelInput(data: string, model: ModelData, missing: MissingName | undefined, modelFile: string, io: CliIo): Promise<ModelInput> {
  const { withMissing } = await import("../data/index.js");
  const hint = "run with --missing drop (skip such rows) or --missing mean (fill with the model's train mean)";
  const input: ModelInput = {
    file: data,
    data: missing === undefined ? model : { ...model, preprocessing: withMissing(model.preprocessing, missing, modelFile) },
    missing: missing === undefined ? { setting: `the model's data.missing: ${model.preprocessing.missing}`, hint } : { setting: `--missing ${missing}`, hint },
  };
  if (data === "-") {
    input.file = STDIN_NAME;
    input.bytes = await readAll(io.stdin ?? process.stdin);
  }
  return input;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
