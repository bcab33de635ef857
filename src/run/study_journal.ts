// study.jsonl, the study's append-only journal (STUDY_FORMAT.md): one JSON object per line, written
// with appendFileSync so each line is in the file (the OS's cache) before the next event is handled.
// Reading tolerates the torn last line a kill -9 can leave (a final line without "\n" is ignored), and
// the next writer first cuts such a line off, so the journal stays one object per line.
import { appendFileSync, existsSync, readFileSync, truncateSync } from "node:fs";
import { MltrainError } from "../errors.js";
import type { Params, SpaceSpec } from "../tune/types.js";

export const STUDY_VERSION = 1;

export interface StudyHeader {
  type: "study";
  version: number;
  name: string;
  config: string;
  metric: string;
  mode: "min" | "max";
  sampler: string;
  pruner: Record<string, unknown>;
  seed: number;
  trials: number;
  parameters: Record<string, SpaceSpec>;
  /** SHA-256 of the config outside search: (resolved, with the command's --set): trials are only comparable under one base. */
  base_sha256: string;
}

export type JournalEntry =
  | StudyHeader
  | { type: "resume"; trials: number }
  | { type: "asked"; trial: number; params: Params }
  | { type: "epoch"; trial: number; epoch: number; metrics: Record<string, number | null> }
  | { type: "pruned"; trial: number; epoch: number; value: number }
  | { type: "failed"; trial: number; epoch: number; reason: string }
  | { type: "complete"; trial: number; value: number; epochs: number; seconds: number };

export type TrialEnd = Extract<JournalEntry, { type: "pruned" | "failed" | "complete" }>;

/** A trial as the journal has it: its parameters, its epochs' history rows (index 0 = epoch 1), its end. */
export interface JournalTrial {
  number: number;
  params: Params;
  epochs: Record<string, number | null>[];
  end: TrialEnd | null;
}

export interface Journal {
  header: StudyHeader;
  /** The total trials of the latest run (the header's, raised by resume lines). */
  trials: number;
  byNumber: Map<number, JournalTrial>;
}

/** Parse study.jsonl; null when there is none. A line that is not JSON (other than a torn last one) is an error. */
export function readJournal(file: string, show: string): Journal | null {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n");
  lines.pop(); // "" after the last "\n", or the torn last line
  const entries: JournalEntry[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      throw new MltrainError("data.parse", `line ${i + 1} of the study journal is not JSON; the journal was edited or damaged (move the study folder aside to start a new study)`, { file: show, line: i + 1 });
    }
  });
  const header = entries[0];
  if (header?.type !== "study") throw new MltrainError("data.parse", "the study journal does not begin with its study line; move the study folder aside to start a new study", { file: show, line: 1 });
  if (header.version !== STUDY_VERSION) throw new MltrainError("data.parse", `the study journal is version ${header.version}; this mltrain reads version ${STUDY_VERSION}`, { file: show, line: 1 });
  const journal: Journal = { header, trials: header.trials, byNumber: new Map() };
  for (const e of entries.slice(1)) {
    if (e.type === "resume") journal.trials = e.trials;
    else if (e.type === "asked") journal.byNumber.set(e.trial, { number: e.trial, params: e.params, epochs: [], end: null });
    else if (e.type === "epoch") {
      const t = journal.byNumber.get(e.trial);
      if (t && t.end === null && e.epoch === t.epochs.length + 1) t.epochs.push(e.metrics);
    } else if (e.type === "pruned" || e.type === "failed" || e.type === "complete") {
      const t = journal.byNumber.get(e.trial);
      if (t && t.end === null) t.end = e;
    }
  }
  return journal;
}

/** Appends entries to study.jsonl, one line each, after cutting off a torn last line. */
export class JournalWriter {
  constructor(readonly file: string) {
    if (existsSync(file)) {
      const text = readFileSync(file);
      if (text.length > 0 && text[text.length - 1] !== 0x0a) truncateSync(file, text.lastIndexOf(0x0a) + 1);
    }
  }

  append(entry: JournalEntry): void {
    appendFileSync(this.file, JSON.stringify(entry) + "\n");
  }
}
