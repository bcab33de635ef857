// What the study report draws, read from a study folder (`mltrain tune`'s, /work/wt/STUDY_FORMAT.md):
// study.jsonl replayed into one record per trial (its parameters, epochs, how it ended), and the best
// complete trial's run folder (trials/NNNN/) for its full run report.
// The journal is read tolerantly: a last line without "\n" is a line the runner was writing when it was
// killed and is ignored; event types this build does not know are skipped (the runner may add some).
// A complete line that is not JSON is corruption, reported at its line.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { maximizes } from "../engine/index.js";
import { MltrainError, readFailure } from "../errors.js";
import { loadRun, type RunData } from "./run_data.js";

export const STUDY_JOURNAL = "study.jsonl";
export const STUDY_VERSION = 1;

/** A parameter's space as the journal's header lists it (search.parameters, defaults filled in). */
export interface StudySpace {
  space: string;
  low?: number;
  high?: number;
  step?: number;
  log?: boolean;
  values?: unknown[];
}

export interface StudyHeader {
  name: string;
  config: string;
  metric: string;
  mode: string;
  sampler: string;
  pruner: { type: string } & Record<string, unknown>;
  seed: number;
  trials: number;
  parameters: Record<string, StudySpace>;
}

export type TrialStatus = "complete" | "pruned" | "failed" | "incomplete";

export interface StudyTrial {
  number: number;
  params: Record<string, unknown>;
  status: TrialStatus;
  /** One row per finished epoch (the history row's keys), in order. */
  epochs: { epoch: number; metrics: Record<string, number | null> }[];
  /** complete: the trial's metric; pruned: the value it was pruned at; else null. */
  value: number | null;
  /** The epoch it ended at: pruned/failed at, or complete's epochs trained. */
  endEpoch: number | null;
  seconds: number | null;
  reason: string | null;
}

export interface StudyData {
  /** The folder as given (shown in the report). */
  dir: string;
  header: StudyHeader;
  /** The planned total (the header's, raised by each resume). */
  planned: number;
  maximize: boolean;
  /** In trial order. */
  trials: StudyTrial[];
  /** The best complete trial (the first of equals), null when none completed. */
  best: StudyTrial | null;
  /** The best trial's run folder, or why it cannot be shown. */
  bestRun: RunData | null;
  bestRunNote: string | null;
  /** A torn last line (the runner killed while writing it) was ignored. */
  tornLine: boolean;
}

/** Whether DIR is a study folder (it holds study.jsonl). */
export function isStudyDir(dir: string): boolean {
  return existsSync(path.join(dir, STUDY_JOURNAL));
}

/** trials/0007 for trial 7. */
export function trialFolder(n: number): string {
  return path.join("trials", String(n).padStart(4, "0"));
}

type Event = Record<string, unknown> & { type: string };

const finite = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** The journal's events, each with its 1-based line; a torn last line (no "\n") is left out. */
export function parseJournal(text: string, file: string): { events: { line: number; event: Event }[]; tornLine: boolean } {
  const lines = text.split("\n");
  const last = lines.pop() ?? "";
  const events: { line: number; event: Event }[] = [];
  lines.forEach((raw, i) => {
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new MltrainError("data.parse", `not a JSON object (${(err as Error).message}); study.jsonl holds one JSON object per line`, { file, line: i + 1 });
    }
    if (value === null || typeof value !== "object" || Array.isArray(value) || typeof (value as Event).type !== "string") {
      throw new MltrainError("data.parse", `expected a JSON object with a "type", got ${raw.length > 60 ? `${raw.slice(0, 60)}…` : raw}`, { file, line: i + 1 });
    }
    events.push({ line: i + 1, event: value as Event });
  });
  return { events, tornLine: last.trim() !== "" };
}

function header(first: { line: number; event: Event } | undefined, file: string): StudyHeader {
  if (!first || first.event.type !== "study") {
    throw new MltrainError("data.parse", `not a study journal: its first line should be the {"type":"study", ...} header that mltrain tune writes`, { file, line: first?.line ?? 1 });
  }
  const e = first.event;
  if (e.version !== STUDY_VERSION) {
    throw new MltrainError("model.bad_version", `study journal version ${JSON.stringify(e.version)}; this mltrain reads version ${STUDY_VERSION}`, { file, line: first.line });
  }
  const need = (k: string, type: string): void => {
    if (typeof e[k] !== type || e[k] === null) throw new MltrainError("data.parse", `the study header has no ${type} "${k}"`, { file, line: first.line });
  };
  need("metric", "string");
  need("parameters", "object");
  const pruner = (e.pruner && typeof e.pruner === "object" ? e.pruner : { type: String(e.pruner ?? "none") }) as StudyHeader["pruner"];
  return {
    name: typeof e.name === "string" ? e.name : "study",
    config: typeof e.config === "string" ? e.config : "",
    metric: e.metric as string,
    mode: typeof e.mode === "string" ? e.mode : "auto",
    sampler: typeof e.sampler === "string" ? e.sampler : "",
    pruner,
    seed: typeof e.seed === "number" ? e.seed : 0,
    trials: typeof e.trials === "number" ? e.trials : 0,
    parameters: e.parameters as Record<string, StudySpace>,
  };
}

/** The journal replayed: one record per trial, its epochs one per epoch number, in order. */
export function replayJournal(text: string, file: string): Omit<StudyData, "dir" | "bestRun" | "bestRunNote"> {
  const { events, tornLine } = parseJournal(text, file);
  const h = header(events[0], file);
  const maximize = maximizes(h.metric, h.mode === "min" || h.mode === "max" ? h.mode : "auto");
  let planned = h.trials;
  const trials = new Map<number, StudyTrial>();
  const fresh = (n: number, params: Record<string, unknown> = {}): StudyTrial => ({ number: n, params, status: "incomplete", epochs: [], value: null, endEpoch: null, seconds: null, reason: null });
  for (const { line, event: e } of events.slice(1)) {
    if (e.type === "resume") {
      if (typeof e.trials === "number") planned = e.trials;
      continue;
    }
    if (!["asked", "epoch", "pruned", "failed", "complete"].includes(e.type)) continue;
    const n = e.trial;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
      throw new MltrainError("data.parse", `a "${e.type}" event needs a trial number, got ${JSON.stringify(n)}`, { file, line });
    }
    const t = trials.get(n) ?? fresh(n);
    trials.set(n, t);
    if (e.type === "asked") {
      // asked again (a restarted trial): the same parameters; its journalled epochs stay (the runner
      // writes only the epochs past them)
      t.params = (e.params ?? {}) as Record<string, unknown>;
    } else if (e.type === "epoch") {
      const metrics: Record<string, number | null> = {};
      for (const [k, v] of Object.entries((e.metrics ?? {}) as Record<string, unknown>)) metrics[k] = finite(v);
      const epoch = typeof e.epoch === "number" ? e.epoch : t.epochs.length + 1;
      // one row per epoch: a repeated epoch replaces the earlier line
      t.epochs = [...t.epochs.filter((x) => x.epoch !== epoch), { epoch, metrics }].sort((x, y) => x.epoch - y.epoch);
    } else {
      t.status = e.type as "complete" | "pruned" | "failed";
      t.value = e.type === "failed" ? null : finite(e.value);
      t.endEpoch = finite(e.type === "complete" ? e.epochs : e.epoch);
      t.seconds = finite(e.seconds);
      t.reason = e.type === "failed" ? String(e.reason ?? "") : null;
    }
  }
  const sorted = [...trials.values()].sort((a, b) => a.number - b.number);
  let best: StudyTrial | null = null;
  for (const t of sorted) {
    if (t.status !== "complete" || t.value === null) continue;
    if (best === null || (maximize ? t.value > best.value! : t.value < best.value!)) best = t;
  }
  return { header: h, planned, maximize, trials: sorted, best, tornLine };
}

export function loadStudy(dir: string, shownAs = dir): StudyData {
  const file = path.join(dir, STUDY_JOURNAL);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new MltrainError("data.io", `cannot read the study journal: ${readFailure(err)}`, { file: path.join(shownAs, STUDY_JOURNAL) });
  }
  const study = replayJournal(text, path.join(shownAs, STUDY_JOURNAL));
  let bestRun: RunData | null = null;
  let bestRunNote: string | null = null;
  if (study.best) {
    const folder = trialFolder(study.best.number);
    try {
      bestRun = loadRun(path.join(dir, folder), path.join(shownAs, folder));
    } catch (err) {
      if (!(err instanceof MltrainError)) throw err;
      bestRunNote = `The best trial's run folder cannot be shown: ${err.message}`;
    }
  }
  return { dir: shownAs, ...study, bestRun, bestRunNote };
}
