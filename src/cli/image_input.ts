// eval's and predict's images for a model trained on images: the data module decodes them as fit did
// (through the same cache); how they were read goes to stderr as `Data: ...` lines, images left out
// (the model's data.bad_images: skip) as a warning, so stdout keeps only the table or the CSV.
import type { ModelData, ModelRows } from "../data/index.js";
import type { CliIo } from "./io.js";

export async function imageRows(args: readonly string[], model: ModelData, requireTarget: boolean, io: CliIo): Promise<ModelRows> {
  const { loadImagesForModel, badImagesWarning } = await import("../data/index.js");
  const rows = await loadImagesForModel(args, model, { requireTarget, cwd: io.cwd });
  for (const n of rows.notes) io.stderr.write(`Data: ${n}\n`);
  const w = badImagesWarning(rows.bad);
  if (w) io.stderr.write(`Warning: ${w}\n`);
  return rows;
}
