// images.csv in the run folder of an image run: which image each row is, its class, and (validation and
// test rows) the class the model predicts, so the report can show sample images per class and the
// misclassified images of the confusion matrix's largest off-diagonal cells.
//   split, row, path, label, prediction    (row = the image's number in fit's listing; path absolute;
//                                           prediction empty on train rows)
import { csvField } from "./predictions_csv.js";
import { fields } from "./predictions.js";

export const IMAGES_FILE = "images.csv";

export interface ImageRow {
  split: "train" | "validation" | "test";
  row: number;
  path: string;
  label: string;
  /** The predicted class; "" on train rows. */
  prediction: string;
}

const HEADER = ["split", "row", "path", "label", "prediction"];

export function imagesCsv(rows: readonly ImageRow[]): string {
  const lines = [HEADER.join(",")];
  for (const r of rows) lines.push([r.split, String(r.row), r.path, r.label, r.prediction].map(csvField).join(","));
  return lines.join("\n") + "\n";
}

/** images.csv read back; null when it is not one (another tool's file: the report goes on without images). */
export function parseImagesCsv(text: string): ImageRow[] | null {
  const lines = text.split(/\r?\n/).filter((l) => l !== "");
  if (lines.length === 0 || fields(lines[0]).join(",") !== HEADER.join(",")) return null;
  const out: ImageRow[] = [];
  for (const line of lines.slice(1)) {
    const [split, row, path, label, prediction] = fields(line);
    if (split !== "train" && split !== "validation" && split !== "test") return null;
    out.push({ split, row: Number(row), path: path ?? "", label: label ?? "", prediction: prediction ?? "" });
  }
  return out;
}
