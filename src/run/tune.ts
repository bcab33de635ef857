// The headless study: a config with `search:` in, the study folder out (STUDY_FORMAT.md), the events of
// the way there as data. Never prints, never exits: `mltrain tune` renders the events (src/cli/tune.ts).
//
//   const run = runTune({ file, overrides, cwd }, { output, trials, parallel, signal });
//   for (let s = await run.next(); !s.done; s = await run.next()) render(s.value);   // study_start, trial_*, ...
//
// Everything a bad input can be is found before the first trial and before anything is written: the
// config and its search (readSearch), the base config against its data (a dry run), the study folder
// (another study's journal, a changed search, a folder that is not a study). Then the folder's lock is
// taken and the trials run (src/run/study_run.ts).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { MltrainError } from "../errors.js";
import { acquireRunLock, isAlive, lockFileOf, readLock } from "../io/run_lock.js";
import { readSearch } from "../tune/search.js";
import { dryRunFit, type FitSource } from "./fit.js";
import { readJournal, STUDY_VERSION, type StudyHeader } from "./study_journal.js";
import { runStudy, type StudyPlan, type TuneEvent, type TuneResult } from "./study_run.js";

export type { StudyPlan, TuneEvent, TuneResult } from "./study_run.js";

export interface RunTuneOptions {
  /** The study folder (relative to cwd); default runs/NAME-tune. */
  output?: string;
  /** The total trials (--trials): default search.trials; a resumed study's total is never lowered. */
  trials?: number;
  /** Trial processes (--parallel): default search.parallel; auto = the machine's cores. */
  parallel?: number | "auto";
  /** Aborting it (Ctrl-C) stops the running trials after their next batch; the study ends "interrupted". */
  signal?: AbortSignal;
}

/** The study's header line from the search (what a resumed study must match). */
function headerOf(loaded: LoadedConfig, spec: StudyPlan["spec"], trials: number): StudyHeader {
  const { search: _search, ...base } = loaded.config as LoadedConfig["config"] & { search?: unknown };
  return {
    type: "study", version: STUDY_VERSION, name: loaded.config.name, config: loaded.file, metric: spec.metric,
    mode: spec.direction === "minimize" ? "min" : "max", sampler: spec.sampler, pruner: { ...spec.pruner }, seed: spec.seed, trials,
    parameters: Object.fromEntries(spec.parameters.map((p) => [p.path, p.space])),
    base_sha256: createHash("sha256").update(JSON.stringify(base)).digest("hex"),
  };
}

/** What differs between the study's header and this command's, one phrase each. */
export function searchChanges(was: StudyHeader, now: StudyHeader): string[] {
  const out: string[] = [];
  const j = (v: unknown) => JSON.stringify(v);
  for (const key of ["metric", "mode", "sampler", "pruner", "seed"] as const) {
    if (j(was[key]) !== j(now[key])) out.push(`search.${key} was ${j(was[key])}, now ${j(now[key])}`);
  }
  const before = Object.keys(was.parameters);
  const after = Object.keys(now.parameters);
  for (const p of after) if (!before.includes(p)) out.push(`search.parameters has a new ${p}`);
  for (const p of before) if (!after.includes(p)) out.push(`search.parameters no longer has ${p}`);
  for (const p of after) if (before.includes(p) && j(was.parameters[p]) !== j(now.parameters[p])) out.push(`search.parameters.${p} was ${j(was.parameters[p])}, now ${j(now.parameters[p])}`);
  if (before.join() !== after.join() && out.length === 0) out.push("search.parameters are in another order");
  if (was.base_sha256 !== now.base_sha256) out.push("the config outside search: (with --set) is not the one the study's trials were trained with");
  return out;
}

/** Every check before a trial runs; writes nothing. */
export async function planStudy(source: FitSource, opts: RunTuneOptions = {}): Promise<StudyPlan> {
  const loaded = await loadConfig(source.file, [...source.overrides], source.cwd, { taskFromData: true });
  const spec = readSearch(loaded);
  const dir = path.resolve(source.cwd, opts.output ?? path.join("runs", `${loaded.config.name}-tune`));
  const show = (f: string) => path.relative(source.cwd, f) || ".";
  const journalFile = path.join(dir, "study.jsonl");
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new MltrainError("run.output", `cannot use ${show(dir)} as the study folder: it is a file, not a folder; give -o a folder`);
    if (!existsSync(journalFile) && readdirSync(dir).length > 0) {
      throw new MltrainError("run.output", `cannot use ${show(dir)} as the study folder: it holds files but no study.jsonl, so it is not a study; choose another -o DIR or move it aside`);
    }
  }
  const journal = readJournal(journalFile, show(journalFile));
  const requested = opts.trials ?? spec.trials;
  const trials = Math.max(requested, journal?.trials ?? 0);
  const header = headerOf(loaded, spec, journal?.header.trials ?? trials);
  if (journal) {
    const changes = searchChanges(journal.header, header);
    if (changes.length > 0) {
      throw new MltrainError(
        "config.invalid",
        `the search is not the one the study in ${show(dir)} was started with: ${changes.join("; ")}. ` +
          "Rerun with the study's search to resume it, or give -o another folder for a new study",
        { file: loaded.file, line: searchLine(loaded.source) },
      );
    }
  }
  const locked = studyLocked(dir, show);
  if (locked) throw locked;
  // the base config against its data (task, output units, shapes), as every trial would meet it
  await dryRunFit(source, { output: path.join(dir, "trials", "0000"), ignoreSearch: true });
  const p = opts.parallel ?? spec.parallel;
  return { loaded, spec, dir, header, journal, trials, parallel: p === "auto" ? availableParallelism() : p };
}

/** The whole study; errors before the first trial are MltrainErrors (exit 2), thrown by the generator. */
export async function* runTune(source: FitSource, opts: RunTuneOptions = {}): AsyncGenerator<TuneEvent, TuneResult, void> {
  const plan = await planStudy(source, opts);
  const show = (f: string) => path.relative(source.cwd, f) || ".";
  mkdirSync(path.dirname(plan.dir), { recursive: true });
  let lock;
  try {
    lock = acquireRunLock(plan.dir, show);
  } catch (e) {
    throw e instanceof MltrainError && e.code === "run.locked" ? studyLocked(plan.dir, show) ?? e : e;
  }
  try {
    mkdirSync(path.join(plan.dir, "trials"), { recursive: true });
    return yield* runStudy(source, plan, opts.signal);
  } finally {
    lock.release();
  }
}

/** The 1-based line of the top-level `search:` key. */
function searchLine(source: string): number | undefined {
  const i = source.split("\n").findIndex((l) => /^search\s*:/.test(l));
  return i < 0 ? undefined : i + 1;
}

/** The error for a study folder whose lock a live process holds, else null. */
function studyLocked(dir: string, show: (p: string) => string): MltrainError | null {
  const owner = readLock(lockFileOf(dir));
  if (owner === null || !isAlive(owner)) return null;
  return new MltrainError("run.locked", `${show(dir)} is the study another mltrain tune is running (pid ${owner.pid} on ${owner.host}, started ${owner.started}): wait for it to end, or give -o another folder`);
}
