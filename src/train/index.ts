// src/train: the fit loop and the run folder. Emits events as data; never prints.
//
//   const gen = fit({ config, task, loss, metrics, train, validation, onBatch, stopRequested });
//   let step = await gen.next();
//   while (!step.done) { render(step.value); if (step.value.type === "checkpoint") writeCheckpoint(...); step = await gen.next(); }
//   const result = step.value;   // FitResult: status, model, history, restarts, checkpoint, ...
//   writeRunFolder(dir, run, result, { train: evaluateSplit(...), validation: ..., test: ... });
export { classWeightVector } from "./class_weight.js";
export { fit, monitorKey, MODEL_SALT, type FitOptions } from "./fit.js";
export type { BatchProgress, FitEvent, FitResult } from "./events.js";
export { GradientWatch, type GradientProblem, type GradientWarning } from "./grad_watch.js";
export { evaluateSplit, evaluationLossName, scoreLogged } from "./evaluate.js";
export { runFiles, writeRunFolder, type RunDescription, type RunFiles } from "./run_folder.js";
