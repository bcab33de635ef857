// A finished study's summary files (STUDY_FORMAT.md): study.csv, one row per trial in trial order, and
// best.yaml, the best complete trial's config without `search:`, which `mltrain fit best.yaml` trains as
// is (its file paths relative to the study folder, where it lives).
import path from "node:path";
import type { Config } from "../config/schema.js";
import { configToYaml } from "../config/to_yaml.js";
import { writeFileAtomic } from "../io/index.js";
import type { Direction, ParamValue } from "../tune/types.js";
import type { JournalTrial } from "./study_journal.js";

/** The trial's value for the metric: complete and pruned trials have one. */
export function trialValue(t: JournalTrial): number | undefined {
  return t.end?.type === "complete" || t.end?.type === "pruned" ? t.end.value : undefined;
}

/** The best complete trial (ties: the lower number), or null. */
export function bestTrial(trials: readonly JournalTrial[], direction: Direction): JournalTrial | null {
  let best: JournalTrial | null = null;
  for (const t of trials) {
    if (t.end?.type !== "complete" || !Number.isFinite(t.end.value)) continue;
    const v = t.end.value;
    const b = best ? (best.end as { value: number }).value : undefined;
    if (b === undefined || (direction === "minimize" ? v < b : v > b)) best = t;
  }
  return best;
}

const csvCell = (s: string): string => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** A parameter value as a CSV cell: numbers and strings as they are, subtrees as compact JSON. */
export function paramText(v: ParamValue | undefined): string {
  if (v === undefined) return "";
  return typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" || v === null ? String(v) : JSON.stringify(v);
}

export function studyCsv(trials: readonly JournalTrial[], paths: readonly string[], metric: string): string {
  const rows = [["number", "status", ...paths, metric, "epochs", "seconds"].map(csvCell).join(",")];
  for (const t of trials) {
    const e = t.end;
    const value = trialValue(t);
    const epochs = e === null ? "" : e.type === "complete" ? e.epochs : e.epoch;
    const seconds = e?.type === "complete" ? e.seconds : "";
    rows.push([String(t.number), e?.type ?? "incomplete", ...paths.map((p) => paramText(t.params[p])), value === undefined ? "" : String(value), String(epochs), String(seconds)].map(csvCell).join(","));
  }
  return rows.join("\n") + "\n";
}

/** best.yaml's text: the trial's loaded config (its parameters applied) without search:, paths relative to `dir`. */
export function bestYaml(config: Config & { name: string }, dir: string, header: string): string {
  const { search: _search, ...rest } = config as Config & { search?: unknown };
  // relative to the study folder when they share more than the root (a study moved with its data still runs)
  const rel = (p: string | undefined) => {
    if (p === undefined || !path.isAbsolute(p)) return p;
    const r = path.relative(dir, p);
    return r.split(path.sep).filter((s) => s === "..").length >= dir.split(path.sep).length - 1 ? p : r || ".";
  };
  const data = { ...rest.data };
  for (const key of ["path", "labels", "test_path", "test_labels"] as const) {
    const v = (data as Record<string, unknown>)[key];
    if (typeof v === "string") (data as Record<string, unknown>)[key] = rel(v);
  }
  const model = { ...rest.model, ...(rest.model.init_from ? { init_from: rel(rest.model.init_from) } : {}) };
  return configToYaml({ ...rest, data, model } as Config, header);
}

export function writeStudyFiles(dir: string, csv: string, best: string | null): string[] {
  const files = [path.join(dir, "study.csv")];
  writeFileAtomic(files[0], csv);
  if (best !== null) {
    files.push(path.join(dir, "best.yaml"));
    writeFileAtomic(files[1], best);
  }
  return files;
}
