// What the report draws, read from a run folder: metrics.json (the Report), config.yaml's text, and
// predictions.csv when fit wrote one (regression).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { MltrainError } from "../errors.js";
import { readReport, type Report } from "../io/index.js";
import { parsePredictionsCsv, PREDICTIONS_FILE, type Predictions } from "./predictions.js";

export interface RunData {
  /** The folder as given (shown in the report). */
  dir: string;
  report: Report;
  configYaml: string | null;
  predictions: Predictions | null;
}

export function loadRun(dir: string, shownAs = dir): RunData {
  const metrics = path.join(dir, "metrics.json");
  if (!existsSync(metrics)) {
    throw new MltrainError("data.io", `${shownAs}: no metrics.json in this folder (is it a run folder written by mltrain fit?)`);
  }
  const report = readReport(metrics);
  const cfg = path.join(dir, "config.yaml");
  const pred = path.join(dir, PREDICTIONS_FILE);
  return {
    dir: shownAs,
    report,
    configYaml: existsSync(cfg) ? readFileSync(cfg, "utf8") : null,
    predictions: existsSync(pred) ? parsePredictionsCsv(readFileSync(pred, "utf8"), report.predictions?.split) : null,
  };
}
