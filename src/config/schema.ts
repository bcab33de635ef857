// The config schema of SPEC.md in zod. Component options (layers, optimizers, schedules) come from the
// engine's registries, so adding a component there adds it here and to `mltrain schema`.
import { z } from "zod";
import { layers } from "../engine/layers/index.js";
import { lossNames } from "../engine/losses/index.js";
import { optimizers } from "../engine/optimizers/index.js";
import { schedules } from "../engine/schedules/index.js";

/** A registry's option schemas as the non-empty tuple z.discriminatedUnion takes. */
const values = <T extends Record<string, { options: unknown }>>(r: T) => {
  type Options = { [K in keyof T]: T[K]["options"] }[keyof T];
  return Object.values(r).map((e) => e.options) as [Options, ...Options[]];
};

export const taskNames = ["auto", "regression", "binary", "multiclass", "multilabel"] as const;
export type TaskName = Exclude<(typeof taskNames)[number], "auto">;

/** Metrics the epoch logs can show; the final report always has them all. */
export const metricNames = [
  "accuracy",
  "balanced_accuracy",
  "precision",
  "recall",
  "f1",
  "auc",
  "log_loss",
  "mse",
  "rmse",
  "mae",
  "r2",
] as const;
export type MetricName = (typeof metricNames)[number];

const ratio = z.number().min(0).max(1);

/** Datasets known by name (`data: { dataset: fashion-mnist }`); src/data/datasets.ts says where they are. */
export const datasetNames = ["fashion-mnist"] as const;
export type DatasetName = (typeof datasetNames)[number];

export const splitSchema = z
  .strictObject({
    train: ratio.default(0.7).describe("Fraction of rows used to fit the weights."),
    validation: ratio.default(0.15).describe("Fraction used for val_* metrics, early stopping and restarts."),
    test: ratio.default(0.15).describe("Fraction held out for the final report (0 with data.test_path)."),
    shuffle: z.boolean().default(true).describe("Shuffle rows (seeded) before splitting."),
    stratify: z.boolean().default(true).describe("Keep class proportions in every split (classification)."),
  })
  .describe("How the rows are divided; the ratios must sum to 1.");

export const dataSchema = z
  .strictObject({
    dataset: z
      .enum(datasetNames)
      .optional()
      .describe("A named dataset instead of path: its train and test files (see `mltrain data list`); classes in label order."),
    path: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Training data, relative to the config file: a CSV (header row; .csv.gz too), an IDX images file, or (format images) a folder with one sub-folder of PNG/JPEG images per class.",
      ),
    format: z
      .enum(["csv", "idx", "images"])
      .optional()
      .describe(
        "csv, idx or images (default: images when image_size, color_mode or image_column is set; idx when data.labels is set or the file name has idx1/idx3-ubyte; else csv).",
      ),
    image_size: z
      .tuple([z.number().int().positive(), z.number().int().positive()])
      .optional()
      .describe("Images: [height, width] every image is resized to (bilinear, as Keras's image_dataset_from_directory); default [256, 256]."),
    color_mode: z
      .enum(["grayscale", "rgb"])
      .optional()
      .describe("Images: grayscale (1 channel) or rgb (3 channels); colour, CMYK, 16-bit and alpha images are converted; default rgb."),
    image_column: z
      .string()
      .min(1)
      .optional()
      .describe("Images: data.path is a CSV whose column of this name holds image paths (relative to the CSV); data.target is the label column."),
    bad_images: z
      .enum(["error", "skip"])
      .optional()
      .describe("Images: a file that cannot be decoded stops the run (error, the default) or is left out and counted (skip)."),
    labels: z.string().min(1).optional().describe("IDX: the labels file of data.path (one label per image)."),
    target: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe("CSV: the target column, or a list of columns for multilabel / multi-output (required)."),
    features: z.array(z.string().min(1)).min(1).optional().describe("CSV: feature columns (default: every other column)."),
    ignore: z.array(z.string().min(1)).default([]).describe("CSV: columns that are neither features nor targets."),
    categorical: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe(
        "CSV: feature columns of numeric codes (1/2/3 meaning categories) to one-hot encode as text columns are; each code as written is a category.",
      ),
    class_names: z
      .array(z.string().min(1))
      .min(2)
      .optional()
      .describe("IDX: the name of label 0, 1, 2, ... (default: the label numbers)."),
    task: z.enum(taskNames).default("auto").describe("auto infers it from the target column(s) or labels."),
    rescale: z
      .union([
        z.number().positive(),
        z.string().regex(/^\s*1\s*\/\s*\d+(\.\d+)?\s*$/, 'a fraction such as "1/255"'),
      ])
      .default(1)
      .describe(
        "Multiply every numeric feature by this before normalizing, as Keras's Rescaling: 1/255 (pixels to [0, 1]); a number or a fraction 1/N.",
      ),
    normalize: z
      .enum(["standard", "minmax", "none"])
      .default("standard")
      .describe("Feature scaling fitted on the train split only."),
    missing: z
      .enum(["error", "drop", "mean"])
      .default("error")
      .describe("Empty or NA cells: an error, drop the row, or the train mean."),
    positive: z
      .union([z.string(), z.number()])
      .optional()
      .describe("Binary tasks: the label that counts as positive (default: the last in sorted order)."),
    delimiter: z.string().length(1).optional().describe("CSV: field delimiter (default: detected from the header)."),
    limit: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("Use only the first N rows of the training file (and of the test file), for quick runs."),
    split: splitSchema.prefault({}),
    test_path: z
      .string()
      .min(1)
      .optional()
      .describe("A separate test file (CSV, or IDX images with test_labels); then split covers train/validation."),
    test_labels: z.string().min(1).optional().describe("IDX: the labels file of data.test_path."),
  })
  .describe("Where the data is and how it is prepared: data.path (CSV or IDX files) or data.dataset.");

export const modelSchema = z
  .strictObject({
    init_from: z.string().min(1).optional().describe("A model.json whose weights start training (same architecture)."),
    layers: z
      .array(z.discriminatedUnion("type", values(layers)))
      .min(1)
      .describe("The layers, input to output."),
  })
  .describe("The network: a stack of layers.");

export const optimizerSchema = z.discriminatedUnion("type", values(optimizers)).describe("How the weights move.");
export const scheduleSchema = z
  .discriminatedUnion("type", values(schedules))
  .describe("The learning rate per epoch.");

export const earlyStoppingSchema = z
  .strictObject({
    monitor: z.string().default("val_loss").describe("History key watched (val_loss, val_accuracy, loss, ...)."),
    mode: z.enum(["auto", "min", "max"]).default("auto").describe("auto: max for accuracy-like keys, min otherwise."),
    patience: z.number().int().nonnegative().default(5).describe("Epochs without improvement before stopping."),
    min_delta: z.number().nonnegative().default(0).describe("Smallest change that counts as an improvement."),
    restore_best: z.boolean().default(true).describe("End with the weights of the best epoch."),
  })
  .describe("Stop when the monitored value stops improving.");

export const trainingSchema = z
  .strictObject({
    epochs: z.number().int().positive().default(10).describe("Passes over the training split."),
    batch_size: z
      .union([z.number().int().positive(), z.literal("full")])
      .default(32)
      .describe("1 = stochastic GD, full = batch GD, anything between = mini-batch."),
    shuffle: z.boolean().default(true).describe("Reshuffle the training rows every epoch."),
    restarts: z.number().int().positive().default(1).describe("Train N times from new random weights; keep the best."),
    clip_norm: z.number().positive().nullable().default(null).describe("Clip the global gradient norm to this value."),
    class_weight: z
      .union([z.literal("balanced"), z.record(z.string(), z.number().nonnegative())])
      .nullable()
      .default(null)
      .describe(
        "Weight each training row's loss by its class (Keras's class_weight): balanced (n_samples / (n_classes * count) on the train split) or {LABEL: weight}, unlisted labels 1. Binary and multiclass.",
      ),
    early_stopping: earlyStoppingSchema.nullable().default(null),
    checkpoint: z
      .strictObject({
        every: z.number().int().positive().default(1).describe("Epochs between checkpoints."),
      })
      .prefault({})
      .describe("Checkpoints in the run folder, for --resume."),
  })
  .describe("The training loop.");

export const configSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe("Run name (default: the config file's base name)."),
    seed: z.number().int().nonnegative().default(42).describe("Every random choice derives from it."),
    data: dataSchema,
    model: modelSchema,
    loss: z.enum(lossNames).optional().describe("Loss (default: the one the task calls for)."),
    optimizer: optimizerSchema.prefault({ type: "adam" }),
    schedule: scheduleSchema.prefault({ type: "constant" }),
    training: trainingSchema.prefault({}),
    metrics: z.array(z.enum(metricNames)).optional().describe("Metrics shown in the epoch logs (default by task)."),
    search: z.record(z.string(), z.unknown()).optional().describe("What `mltrain tune` varies (checked by tune); fit ignores it."),
  })
  .describe("An mltrain training config.");

export type Config = z.output<typeof configSchema>;
export type DataConfig = Config["data"];
export type SplitConfig = DataConfig["split"];
export type ModelConfig = Config["model"];
export type LayerConfig = ModelConfig["layers"][number];
export type OptimizerConfig = Config["optimizer"];
export type ScheduleConfig = Config["schedule"];
export type TrainingConfig = Config["training"];
