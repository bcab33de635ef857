// The fit loop, as an async generator of events (never prints, never writes files):
//
//   for restart r in 1..restarts            weights from Rng.derive(seed, 100 + r - 1), shuffles from
//     for epoch e in 1..epochs              Rng.derive(seed, 200 + r - 1)
//       lr = schedule.lr(e - 1)
//       for each batch (1 / N / all rows, reshuffled per epoch): loss = model.trainStep(...)
//       loss, metrics = batch-size-weighted means of the batch values (Keras)
//       val_loss, val_metrics on the validation split with the end-of-epoch weights, dropout off
//       schedule.onEpochEnd (reduce_on_plateau), early stopping, gradient-norm watch, checkpoint
//     the restart is the best so far if its monitored value beats the earlier ones'; the best at the end is kept
//
// A NaN/Inf batch loss ends the run with status "diverged"; stopRequested() (SIGINT) ends it after the
// current batch with status "interrupted". Both return the state of the last checkpoint epoch (every
// `training.checkpoint.every` epochs, and the restart's start) with the model rolled back to it, so
// `--resume` reruns the epochs since and ends with the same weights as an uninterrupted run.
import type { Config, MetricName, TaskName } from "../config/schema.js";
import {
  buildModel,
  createSchedule,
  Rng,
  type Kernels,
  type LayerJson,
  type LossName,
  type Schedule,
  type Sequential,
} from "../engine/index.js";
import { MltrainError } from "../errors.js";
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type BestRestart, type Checkpoint, type HistoryRow, type RestartSummary } from "../io/index.js";
import { EpochMetrics } from "../metrics/index.js";
import { Batcher, type Table } from "../data/index.js";
import { classWeightVector } from "./class_weight.js";
import { changesText, configDiff } from "./config_diff.js";
import type { BatchProgress, FitEvent, FitResult } from "./events.js";
import { GradientWatch } from "./grad_watch.js";
import { Monitor } from "./monitor.js";

export const MODEL_SALT = 100;
export const SHUFFLE_SALT = 200;

export interface FitOptions {
  /** Resolved config (loadConfig). */
  config: Config;
  task: TaskName;
  /** Resolved loss and logged metrics (config.loss / config.metrics or the task's defaults). */
  loss: LossName;
  metrics: readonly MetricName[];
  train: Table;
  /** null or 0 rows: no val_* values. */
  validation: Table | null;
  /** The labels in the engine's class order (binary [negative, positive]): needed by training.class_weight. */
  classes?: readonly string[] | null;
  /** Shape of one input sample (the data source's: [features], [h, w, 1]); default [train.nIn]. */
  inputShape?: readonly number[];
  /** The run's backend: every model of the run is built on it (the caller disposes it after the run). */
  kernels: Kernels;
  /** model.init_from weights (warm start), loaded into every restart's fresh model. */
  initLayers?: readonly LayerJson[] | null;
  /** How messages name the init_from file (default: init_from). */
  initFrom?: string;
  /** Continue from this checkpoint (its config must equal `config`). */
  resume?: Checkpoint | null;
  /** Called after every batch (a live progress bar); the object is reused. */
  onBatch?: (p: BatchProgress) => void;
  /** Polled after every batch: true ends the run after that batch (SIGINT). */
  stopRequested?: () => boolean;
  /** Clock in ms (tests may fix it). */
  now?: () => number;
}

/** The history key that picks the best epoch and restart: early_stopping.monitor, else val_loss (loss without validation). */
export function monitorKey(config: Config, hasValidation: boolean): string {
  const es = config.training.early_stopping;
  if (es) return hasValidation || !es.monitor.startsWith("val_") ? es.monitor : es.monitor.slice(4);
  return hasValidation ? "val_loss" : "loss";
}

/** Names of the layers with parameters (the grad_norm_* columns). */
function watchedLayers(model: Sequential): { names: string[]; index: number[] } {
  const counts = model.paramCounts();
  const index = counts.flatMap((c, i) => (c > 0 ? [i] : []));
  return { names: index.map((i) => model.layers[i].name), index };
}

/** Let pending signals and I/O run (SIGINT is delivered through the event loop). */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function* fit(opts: FitOptions): AsyncGenerator<FitEvent, FitResult, void> {
  const { config, task, train, validation, loss } = opts;
  const t = config.training;
  const kernels = opts.kernels;
  const now = opts.now ?? (() => performance.now());
  const hasVal = validation !== null && validation.rows > 0;
  const epochs = t.epochs;
  const batchSize = t.batch_size === "full" ? train.rows : Math.min(t.batch_size, train.rows);
  const steps = Math.ceil(train.rows / batchSize);
  const restarts = t.restarts;
  const key = monitorKey(config, hasVal);
  const es = t.early_stopping;
  const newMonitor = () => new Monitor(key, es?.mode ?? "auto", es?.min_delta ?? 0, es ? es.patience : Infinity);
  const lr0 = config.optimizer.learning_rate;
  const trainMetrics = new EpochMetrics({ task, outputs: train.nOut, metrics: opts.metrics, capacity: train.rows });
  const valMetrics = new EpochMetrics({ task, outputs: train.nOut, metrics: opts.metrics, capacity: validation?.rows ?? 1 });
  const valOut = new Float32Array(hasVal ? validation!.rows * train.nOut : 0);
  const progress: BatchProgress = { restart: 0, epoch: 0, step: 0, steps, loss: 0, elapsedMs: 0 };

  const resume = opts.resume ?? null;
  if (resume) checkResumable(resume, config);
  const results: RestartSummary[] = resume ? [...resume.restarts] : [];
  let best: BestRestart | null = resume?.best_restart ?? null;
  let seconds = resume?.seconds ?? 0;
  let samples = 0;
  let stopped = false;
  // The last epoch-end state (of the last restart run): checkpoint.json of a completed run.
  let lastGood: Checkpoint | null = null;

  const classWeight = t.class_weight === null ? null : classWeightVector(t.class_weight, opts.classes ?? [], train);
  const build = (r: number): Sequential => {
    const model = buildModel(config.model.layers, {
      nIn: train.nIn,
      inputShape: opts.inputShape,
      nOut: train.nOut,
      maxBatch: batchSize,
      kernels,
      rng: Rng.derive(config.seed, MODEL_SALT + r),
      loss,
      optimizer: config.optimizer,
      clipNorm: t.clip_norm,
      classWeight,
    });
    if (opts.initLayers) model.loadWeights(opts.initLayers, "config.invalid", opts.initFrom);
    return model;
  };

  for (let r = resume?.restart ?? 0; r < restarts; r++) {
    const model = build(r);
    const schedule: Schedule = createSchedule(config.schedule, { lr0, epochs });
    const shuffleRng = Rng.derive(config.seed, SHUFFLE_SALT + r);
    const monitor = newMonitor();
    const watch = watchedLayers(model);
    const gradWatch = new GradientWatch(watch.names);
    const gradSums = new Float64Array(watch.index.length);
    const batcher = new Batcher(train, { batchSize, shuffle: t.shuffle, kernels: model.kernels });
    let history: HistoryRow[] = [];
    let bestLayers: LayerJson[] | null = null;
    let epoch0 = 0;
    let restartDone = false;
    let stoppedEarly = false;

    const mine = resume && resume.restart === r ? resume : null;
    if (mine) {
      model.loadWeights(mine.layers, "checkpoint.invalid", "checkpoint");
      model.optimizer!.setState(mine.optimizer);
      schedule.setState(mine.schedule);
      model.rng.setState(mine.rng.model);
      shuffleRng.setState(mine.rng.shuffle);
      if (mine.early_stopping) {
        monitor.setState(mine.early_stopping);
        bestLayers = mine.early_stopping.best_layers;
      }
      history = [...mine.history];
      epoch0 = mine.epoch;
      // A restart that ended at its last epoch goes on when training.epochs grew; one that early
      // stopping ended stays ended (so would an uninterrupted run of the new length: same state, same stop).
      restartDone = mine.restart_done && (epoch0 >= epochs || (!!es && monitor.shouldStop()));
      stoppedEarly = restartDone && epoch0 < epochs;
    }

    const snapshot = (epoch: number, done: boolean): Checkpoint => ({
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      config,
      restart: r,
      epoch,
      restart_done: done,
      layers: model.toJSON(),
      optimizer: model.optimizer!.getState(),
      schedule: schedule.getState(),
      rng: { model: model.rng.getState(), shuffle: shuffleRng.getState() },
      early_stopping: { ...monitor.getState(), best_layers: bestLayers },
      history: [...history],
      seconds,
      restarts: [...results],
      best_restart: best,
    });
    let good = snapshot(epoch0, restartDone);
    lastGood = good;

    yield { type: "restart_start", restart: r + 1, restarts };

    for (let e = epoch0; e < epochs && !restartDone; e++) {
      const start = now();
      await tick(); // once per epoch at least: a pending SIGINT gets its turn
      let lastTick = now();
      const lr = schedule.lr(e);
      yield { type: "epoch_start", restart: r + 1, epoch: e + 1, epochs, steps, lr };
      batcher.startEpoch(shuffleRng);
      trainMetrics.reset();
      gradSums.fill(0);
      let lossSum = 0;
      let seen = 0;
      for (let s = 0; s < steps; s++) {
        const batch = batcher.next()!;
        const b = batch.rows;
        const value = model.trainStep(batch.x, batch.y, b, lr); // copies views into model.input/target
        if (!Number.isFinite(value)) {
          seconds += (now() - start) / 1000;
          return finish("diverged", model, good, history, monitor, { restart: r + 1, epoch: e + 1, step: s + 1, loss: value });
        }
        lossSum += value * b;
        seen += b;
        trainMetrics.update(model.target, model.trainOutputs, b);
        for (let i = 0; i < watch.index.length; i++) gradSums[i] += model.gradNorms[watch.index[i]];
        const tNow = now();
        if (opts.onBatch) {
          progress.restart = r + 1;
          progress.epoch = e + 1;
          progress.step = s + 1;
          progress.loss = lossSum / seen;
          progress.elapsedMs = tNow - start;
          opts.onBatch(progress);
        }
        if (tNow - lastTick > 50) {
          await tick();
          lastTick = now();
        }
        if (opts.stopRequested?.()) {
          stopped = true;
          break;
        }
      }
      if (stopped) {
        seconds += (now() - start) / 1000;
        return finish("interrupted", model, good, history, monitor);
      }
      samples += seen;

      const row: HistoryRow = { epoch: e + 1, lr, loss: lossSum / seen };
      const tm = trainMetrics.result();
      for (const m of opts.metrics) row[m] = tm[m] ?? null;
      if (hasVal) {
        row.val_loss = model.evaluateLoss(validation!.x, validation!.y, validation!.rows, valOut); // + predictions
        valMetrics.reset();
        valMetrics.update(validation!.y, valOut, validation!.rows);
        const vm = valMetrics.result();
        for (const m of opts.metrics) row[`val_${m}`] = vm[m] ?? null;
      }
      const epochSeconds = (now() - start) / 1000;
      seconds += epochSeconds;
      row.seconds = epochSeconds;
      const norms = new Float64Array(gradSums.length);
      watch.names.forEach((name, i) => {
        norms[i] = gradSums[i] / steps;
        row[`grad_norm_${name}`] = norms[i];
      });
      if (!Number.isFinite(row.val_loss ?? 0)) {
        return finish("diverged", model, good, history, monitor, { restart: r + 1, epoch: e + 1, step: steps, loss: row.val_loss! });
      }
      history.push(row);
      schedule.onEpochEnd(e, row);
      if (monitor.update(e + 1, row[key]) && es?.restore_best) bestLayers = model.toJSON();
      if (es && monitor.shouldStop() && e + 1 < epochs) {
        stoppedEarly = true;
        restartDone = true;
      }
      const doneNow = restartDone || e + 1 === epochs;
      yield { type: "epoch_end", restart: r + 1, epoch: e + 1, epochs, steps, logs: row, ms_per_step: (epochSeconds * 1000) / steps };
      for (const warning of gradWatch.check(e + 1, norms)) yield { type: "warning", restart: r + 1, warning };
      // Snapshots cost a serialisation of every weight and optimizer slot: only at checkpoint epochs.
      if ((e + 1) % t.checkpoint.every === 0 || doneNow) {
        good = snapshot(e + 1, doneNow);
        lastGood = good;
        yield { type: "checkpoint", restart: r + 1, epoch: e + 1, checkpoint: good };
      }
    }

    // The restart is over: its kept weights, their monitored value, and the comparison with the best.
    if (es?.restore_best && bestLayers) model.loadWeights(bestLayers, "checkpoint.invalid", "checkpoint");
    const keptEpoch = es?.restore_best && monitor.bestEpoch > 0 ? monitor.bestEpoch : history.length;
    const keptValue = (history[keptEpoch - 1]?.[key] as number | null | undefined) ?? null;
    const isBest = best === null || monitor.better(keptValue, best.value);
    const result: RestartSummary = {
      restart: r + 1,
      seed_salt: MODEL_SALT + r,
      epochs_run: history.length,
      best_epoch: monitor.bestEpoch,
      monitor: key,
      best_value: monitor.best,
      kept_epoch: keptEpoch,
      stopped_early: stoppedEarly,
    };
    if (isBest) {
      best = { restart: r + 1, value: keptValue, layers: model.toJSON(), history, best_epoch: monitor.bestEpoch, stopped_early: stoppedEarly };
    }
    results.push(result);
    yield { type: "restart_end", restart: r + 1, restarts, result, best_so_far: isBest };
  }

  const final = build(best!.restart - 1);
  final.loadWeights(best!.layers, "checkpoint.invalid", "checkpoint");
  return {
    status: "completed",
    model: final,
    history: best!.history,
    bestRestart: best!.restart,
    bestEpoch: best!.best_epoch,
    epochsRun: best!.history.length,
    stoppedEarly: best!.stopped_early,
    seconds,
    samplesPerSecond: seconds > 0 ? samples / seconds : 0,
    restarts: results.map((x) => ({ ...x, kept: x.restart === best!.restart })),
    checkpoint: { ...lastGood!, seconds },
  };

  /** A run that stops early on failure: the model rolled back to `good`, the state to write. */
  function finish(
    status: "diverged" | "interrupted",
    model: Sequential,
    good: Checkpoint,
    history: HistoryRow[],
    monitor: Monitor,
    diverged?: FitResult["diverged"],
  ): FitResult {
    model.loadWeights(good.layers, "checkpoint.invalid", "checkpoint"); // roll back to the last checkpoint
    return {
      status,
      model,
      history,
      bestRestart: good.restart + 1,
      bestEpoch: monitor.bestEpoch,
      epochsRun: history.length,
      stoppedEarly: false,
      seconds,
      samplesPerSecond: seconds > 0 ? samples / seconds : 0,
      restarts: results.map((x) => ({ ...x, kept: false })), // no model.json: no restart is kept
      checkpoint: { ...good, seconds },
      diverged,
    };
  }
}

/**
 * Throw checkpoint.invalid unless `config` may continue `resume`: the same resolved config, or the same
 * with a larger training.epochs (train longer). Longer is refused where the result would not be the
 * uninterrupted longer run's: several restarts (the earlier ones ran the old length), a cosine schedule
 * whose period defaults to the epochs (every epoch's lr depends on the total; the same period given
 * explicitly, --set schedule.period=T, is accepted). A smaller training.epochs is a changed key.
 */
export function checkResumable(resume: Checkpoint, config: Config): void {
  const before = resume.config.training.epochs;
  const now = config.training.epochs;
  const oldSchedule = resume.config.schedule;
  const oldPeriod = oldSchedule?.type === "cosine" && oldSchedule.period === undefined ? Math.max(1, before - oldSchedule.warmup_epochs) : undefined;
  const changes = configDiff(resume.config, config).filter(
    (c) => !(c.path === "training.epochs" && now > before) && !(c.path === "schedule.period" && oldPeriod !== undefined && c.before === undefined && c.after === oldPeriod),
  );
  const refuse = (why: string) => new MltrainError("checkpoint.invalid", why);
  if (changes.length > 0) {
    const longer = now > before ? "; only training.epochs may grow (train longer)" : "";
    throw refuse(
      `the checkpoint was written by a run with another config (checkpoint → now: ${changesText(changes)}); ` +
        `resume with the same config file, --set and --seed values${longer}`,
    );
  }
  if (now <= before) return;
  if (config.training.restarts > 1) {
    throw refuse(
      `training.epochs ${before} → ${now} with training.restarts ${config.training.restarts}: every restart would have to train longer, ` +
        "and the earlier ones ran the old length; train longer only a single-restart run (or fit again from scratch)",
    );
  }
  const schedule = config.schedule;
  if (oldPeriod !== undefined && schedule?.type === "cosine" && schedule.period === undefined) {
    throw refuse(
      `training.epochs ${before} → ${now} with a cosine schedule whose period defaults to the epochs: its learning rate at every epoch depends on the total, ` +
        `so a longer run is not a continuation of this one; keep the period this run had with --set schedule.period=${oldPeriod} ` +
        "(the lr then stays at min_lr after it), or fit again from scratch for a longer cosine",
    );
  }
}
