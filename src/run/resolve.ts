// A loaded config resolved against its data: the task the data decided, the default loss and metrics
// for it, and the checks that need both (the output layer's units, a config that misfits an inferred task).
import type { LoadedConfig } from "../config/load.js";
import type { Problem } from "../config/problems.js";
import { classWeightProblems, dataFormat, defaultLoss, defaultMetrics, inferredTaskCause, outputLayer, shapeProblems, taskProblems } from "../config/rules.js";
import type { Config, MetricName, TaskName } from "../config/schema.js";
import { inferredTaskReason, type PreparedData } from "../data/index.js";
import { configToYaml } from "../config/to_yaml.js";
import { packageVersion } from "./version.js";

/** The config with what the data decided filled in: task, loss, metrics (config.yaml, model.json). */
export interface Resolved {
  config: Config & { name: string };
  task: TaskName;
  loss: NonNullable<Config["loss"]>;
  metrics: MetricName[];
}

/**
 * The config against the task the data decided (loadConfig's taskFromData left those checks here): with
 * task auto, the output layer, loss, metrics and monitors are checked against the inferred task, and
 * a misfit names that inference first (the root cause), then the fixes.
 */
export function resolveAgainstData(loaded: LoadedConfig, data: PreparedData): Resolved {
  const config = loaded.config;
  const task = data.task;
  const loss = config.loss ?? defaultLoss(task);
  const metrics = config.metrics ?? defaultMetrics(task);
  const problems: Problem[] = [];
  if (config.data.task === "auto") {
    const misfit = taskProblems(config, task);
    if (misfit.length > 0) {
      const format = dataFormat(config.data);
      // a class-folder tree's labels read as IDX labels do; a CSV of image paths has a target column
      const worded = format === "images" ? (config.data.image_column === undefined ? "idx" : "csv") : format;
      problems.push(inferredTaskCause(task, inferredTaskReason(task, data.target, data.classes, worded), config.data), ...misfit);
    }
  }
  const output = outputLayer(config);
  if (output) {
    const nOut = data.train.nOut;
    if (output.units !== undefined && output.units !== nOut) {
      const what = task === "regression" ? `target${nOut === 1 ? "" : "s"}` : task === "binary" ? "output (binary: one sigmoid unit)" : task === "multilabel" ? "labels" : "classes";
      problems.push({
        path: ["model", "layers", output.index, "units"],
        message: `the last dense layer has ${output.units} unit${output.units === 1 ? "" : "s"} but the data has ${nOut} ${what}; set units: ${nOut} or omit it`,
      });
    }
  }
  problems.push(...classWeightProblems(config, task, data.classes));
  if (problems.length > 0) throw loaded.reject(problems, `the config does not fit the data's ${task} task`);
  const shapes = shapeProblems(config, data.shape, data.train.nOut);
  if (shapes.length > 0) throw loaded.reject(shapes, `the model's layers do not fit the data's samples of shape [${data.shape.join(", ")}]`);
  return { config: { ...config, data: { ...config.data, task }, loss, metrics }, task, loss, metrics };
}

/** config.yaml's text: the resolved config under a header naming the version, run and seed. */
export function resolvedConfigYaml(config: Resolved["config"]): string {
  return configToYaml(config, `mltrain ${packageVersion()}: the resolved config of run "${config.name}" (seed ${config.seed})`);
}
