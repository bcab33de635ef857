// The study's trials, run in a pool of processes (src/run/pool.ts), with the journal as the record.
//
// Reproducible whatever `parallel` is, and whatever was interrupted:
// - Trials start in trial order. Trial i's parameters are suggested from the seed, i and the first
//   sampler.needs(i) trials as they ENDED, so trial i waits until those have ended (tpe: trials are
//   suggested in batches of 4 after its 10 random ones; random and grid never wait). The cost: with
//   parallel > 4 under tpe, or a slow trial early in a batch, processes idle while a batch waits.
// - Pruning: a trial pauses after each epoch e at which the pruner can decide (pruner.decidesAt: asha's
//   rungs, median's epochs past its warm-up; its process waits, job.pauseAfter) until the pruner
//   decides, and the pruner sees each earlier trial j "as of epoch e": j as it ended when it ended
//   within e epochs, else (j trained past e) j's first e values as a trial that completed e epochs.
//   Which case holds is known once j has ended or reported epoch e + 1, and never depends on timing;
//   trial i waits for that. So a decision uses only values that any run of the study computes alike,
//   and later trials never take part in it. The cost: a trial ahead of an earlier one idles until that
//   one catches up (with parallel 1 never: earlier trials have ended).
// - Resume: the journal's complete, pruned and failed trials are kept as they are. An incomplete trial
//   (asked, no end: killed, Ctrl-C) restarts from scratch with the journal's parameters; its epochs
//   already in the journal are not written again (a deterministic rerun gives the same values).
// - A trial's value: the metric at the epoch whose weights fit kept (the best epoch with
//   early_stopping.restore_best, else the last one); a pruned trial's: its value at the epoch it was
//   pruned. Only epochs of the first restart (training.restarts) feed the pruner.
import { rmSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../config/load.js";
import type { HistoryRow } from "../io/index.js";
import { createPruner } from "../tune/pruners/index.js";
import { createSampler } from "../tune/samplers/index.js";
import { trialOverrides } from "../tune/search.js";
import type { Params, SearchSpec, TrialView } from "../tune/types.js";
import type { LoadedConfig } from "../config/load.js";
import type { FitSource } from "./fit.js";
import { JobPool, type JobHandle, type JobOutcome } from "./pool.js";
import type { FitJobResult, JobEvent } from "./pool_job.js";
import { bestTrial, bestYaml, studyCsv, writeStudyFiles } from "./study_files.js";
import { JournalWriter, type Journal, type JournalTrial, type StudyHeader, type TrialEnd } from "./study_journal.js";

export type TuneEvent =
  | { type: "study_start"; dir: string; trials: number; parallel: number; kept: number; resumed: boolean; parameters: readonly string[]; metric: string; direction: "minimize" | "maximize" }
  | { type: "trial_start"; trial: number; params: Params; dir: string }
  | { type: "trial_epoch"; trial: number; epoch: number; epochs: number; value: number | null; metrics: Record<string, number | null> }
  | { type: "trial_end"; trial: number; end: TrialEnd };

export interface TuneResult {
  status: "completed" | "interrupted";
  dir: string;
  /** Every trial so far in trial order, as the journal has it. */
  trials: JournalTrial[];
  best: JournalTrial | null;
  /** study.csv and best.yaml (completed studies). */
  files: string[];
}

/** What the checks before any trial found: the study to run. */
export interface StudyPlan {
  loaded: LoadedConfig;
  spec: SearchSpec;
  dir: string;
  header: StudyHeader;
  journal: Journal | null;
  trials: number;
  parallel: number;
}

interface Live extends JournalTrial {
  /** the metric per epoch (NaN for none) */
  values: number[];
  /** epochs already in the journal */
  journaled: number;
  handle: JobHandle<FitJobResult> | null;
  /** the epoch whose pruning decision the trial waits for */
  pausedAt: number | null;
  lockWaits: number;
}

const trialName = (n: number) => String(n).padStart(4, "0");

export async function* runStudy(source: FitSource, plan: StudyPlan, signal: AbortSignal | undefined): AsyncGenerator<TuneEvent, TuneResult, void> {
  const { spec, dir } = plan;
  const metric = spec.metric;
  const journal = new JournalWriter(path.join(dir, "study.jsonl"));
  if (plan.journal === null) journal.append(plan.header);
  else journal.append({ type: "resume", trials: plan.trials });
  const sampler = createSampler(spec);
  const pruner = createPruner(spec);
  const pruning = spec.pruner.type !== "none";
  const valueOf = (m: Record<string, number | null> | undefined) => (typeof m?.[metric] === "number" ? (m[metric] as number) : NaN);

  const trials: Live[] = [];
  for (let n = 0; n < plan.trials; n++) {
    const j = plan.journal?.byNumber.get(n);
    trials.push({ number: n, params: j?.params ?? {}, epochs: j?.end ? j.epochs : [], end: j?.end ?? null, values: [], journaled: j?.epochs.length ?? 0, handle: null, pausedAt: null, lockWaits: 0 });
    trials[n].values = trials[n].epochs.map(valueOf);
  }
  const asked = new Set(plan.journal ? [...plan.journal.byNumber.keys()] : []);
  const kept = trials.filter((t) => t.end !== null).length;

  // events go out through this queue; the pool's callbacks push, the generator yields
  const queue: TuneEvent[] = [];
  let wake: (() => void) | null = null;
  const emit = (ev: TuneEvent) => {
    queue.push(ev);
    wake?.();
  };

  const view = (t: Live): TrialView => ({
    number: t.number, params: t.params, intermediate: t.values,
    state: t.end === null ? "running" : t.end.type === "complete" ? "complete" : t.end.type,
    value: t.end?.type === "complete" || t.end?.type === "pruned" ? t.end.value : undefined,
  });
  /** Trial j as of epoch e (see the top of this file); undefined until that is known. */
  const asOf = (j: Live, e: number): TrialView | undefined => {
    if (j.values.length > e) return { number: j.number, params: j.params, state: "complete", intermediate: j.values.slice(0, e), value: j.values[e - 1] };
    return j.end !== null ? view(j) : undefined;
  };

  const stopping = () => signal?.aborted === true;
  let running = 0;
  let next = 0;
  const end = (t: Live, e: TrialEnd) => {
    t.end = e;
    journal.append(e);
    emit({ type: "trial_end", trial: t.number, end: e });
  };

  const decide = () => {
    for (const t of trials) {
      if (t.pausedAt === null || t.end !== null || stopping()) continue;
      const e = t.pausedAt;
      const earlier: TrialView[] = [];
      for (const j of trials.slice(0, t.number)) {
        const v = asOf(j, e);
        if (v === undefined) break;
        earlier.push(v);
      }
      if (earlier.length < t.number) continue;
      t.pausedAt = null;
      const prune = pruner.shouldPrune({ ...view(t), intermediate: t.values.slice(0, e) }, e, earlier);
      if (prune) end(t, { type: "pruned", trial: t.number, epoch: e, value: t.values[e - 1] });
      t.handle!.proceed(prune);
    }
  };

  const onEvent = (t: Live, ev: JobEvent) => {
    if (ev.type !== "epoch_end") return;
    if (ev.restart !== 1) {
      if (pruning) t.handle!.proceed(false);
      return;
    }
    const e = ev.epoch as number;
    const { seconds: _s, ...metrics } = ev.logs as HistoryRow;
    t.epochs[e - 1] = metrics;
    t.values[e - 1] = valueOf(metrics);
    if (e > t.journaled && t.end === null) {
      journal.append({ type: "epoch", trial: t.number, epoch: e, metrics });
      t.journaled = e;
    }
    emit({ type: "trial_epoch", trial: t.number, epoch: e, epochs: ev.epochs as number, value: Number.isNaN(t.values[e - 1]) ? null : t.values[e - 1], metrics });
    if (!pruning) return;
    if (!pruner.decidesAt(e)) {
      t.handle!.proceed(false);
      return;
    }
    t.pausedAt = e;
    decide();
  };

  const onOutcome = (t: Live, o: JobOutcome<FitJobResult>) => {
    // the trial folder's lock still held by a process of a killed study (it ends itself within a batch):
    // wait for it, keeping the slot
    if (o.kind === "error" && o.error.code === "run.locked" && t.lockWaits++ < 40 && !stopping()) {
      setTimeout(() => launch(t), 250);
      return;
    }
    running--;
    t.handle = null;
    t.pausedAt = null;
    if (t.end === null) {
      const epoch = t.values.length;
      if (o.kind === "done" && o.result.status === "completed") {
        const r = o.result;
        const value = valueOf(r.history[r.keptEpoch - 1]);
        if (Number.isFinite(value)) end(t, { type: "complete", trial: t.number, value, epochs: r.history.length, seconds: r.seconds });
        else end(t, { type: "failed", trial: t.number, epoch: r.history.length, reason: `${metric} is ${value} at the kept epoch ${r.keptEpoch}` });
      } else if (o.kind === "done" && o.result.status === "diverged") {
        const d = o.result.diverged!;
        end(t, { type: "failed", trial: t.number, epoch: d.epoch, reason: `diverged: loss is ${d.loss} at epoch ${d.epoch}` });
      } else if (o.kind === "error") {
        end(t, { type: "failed", trial: t.number, epoch, reason: [...o.error.details, o.error.message].join("; ") });
      } else if (o.kind === "crashed" && !stopping()) {
        end(t, { type: "failed", trial: t.number, epoch, reason: `crashed: ${o.message}` });
      } // else stopped by Ctrl-C (interrupted, cancelled): incomplete, restarted on resume
    }
    decide();
    pump();
    wake?.();
  };

  const start = (t: Live) => {
    if (!asked.has(t.number)) {
      const ended = trials.slice(0, sampler.needs(t.number)).map(view);
      t.params = sampler.suggest(t.number, ended);
      journal.append({ type: "asked", trial: t.number, params: t.params });
      asked.add(t.number);
    }
    const trialDir = path.join(dir, "trials", trialName(t.number));
    rmSync(`${trialDir}.partial`, { recursive: true, force: true }); // an earlier attempt's
    t.epochs = [];
    t.values = [];
    emit({ type: "trial_start", trial: t.number, params: t.params, dir: trialDir });
    running++;
    launch(t);
  };

  const launch = (t: Live) => {
    const trialDir = path.join(dir, "trials", trialName(t.number));
    const handle = pool.run<FitJobResult>(
      {
        source: { file: source.file, overrides: [...source.overrides, ...trialOverrides(t.params)], cwd: source.cwd },
        options: { output: trialDir, overwrite: true, ignoreSearch: true },
        pauseAfter: pruning ? ["epoch_end"] : [],
      },
      (ev) => onEvent(t, ev),
    );
    t.handle = handle;
    void handle.outcome.then((o) => onOutcome(t, o));
  };

  const pump = () => {
    while (!stopping() && running < plan.parallel) {
      while (next < trials.length && trials[next].end !== null) next++;
      if (next >= trials.length) return;
      const t = trials[next];
      if (trials.slice(0, sampler.needs(t.number)).some((j) => j.end === null)) return;
      next++;
      start(t);
    }
  };

  const pool = new JobPool({ size: plan.parallel });
  const onAbort = () => {
    for (const t of trials) t.handle?.stop();
    wake?.();
  };
  signal?.addEventListener("abort", onAbort);
  try {
    yield { type: "study_start", dir, trials: plan.trials, parallel: plan.parallel, kept, resumed: plan.journal !== null, parameters: spec.parameters.map((p) => p.path), metric, direction: spec.direction };
    pump();
    for (;;) {
      while (queue.length > 0) yield queue.shift()!;
      if (running === 0 && (stopping() || trials.every((t) => t.end !== null))) break;
      if (running === 0) pump(); // (defensive: nothing runs, something is left)
      if (running === 0 && queue.length === 0) throw new Error(`the study cannot go on: trial ${next} waits for a trial that never runs`);
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await pool.dispose();
  }
  const done: JournalTrial[] = trials.map(({ number, params, epochs, end }) => ({ number, params, epochs, end }));
  const best = bestTrial(done, spec.direction);
  if (stopping() && trials.some((t) => t.end === null)) return { status: "interrupted", dir, trials: done, best, files: [] };
  let bestText: string | null = null;
  if (best) {
    const loaded = await loadConfig(source.file, [...source.overrides, ...trialOverrides(best.params)], source.cwd, { taskFromData: true });
    const value = best.end?.type === "complete" ? best.end.value : NaN;
    bestText = bestYaml(loaded.config, dir, `mltrain tune: trial ${best.number} of ${plan.header.name}'s study (${metric} ${value}); mltrain fit trains it as is`);
  }
  const files = writeStudyFiles(dir, studyCsv(done, spec.parameters.map((p) => p.path), metric), bestText);
  return { status: "completed", dir, trials: done, best, files };
}
