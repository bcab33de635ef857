// The `search:` section's zod schema (what `mltrain tune` varies). Parameter keys are --set paths;
// readSearch (search.ts) checks them and their spaces against the config.
import { z } from "zod";

const num = z.number().refine(Number.isFinite, "expected a finite number");
const values = z.array(z.unknown()).min(1, "expected at least one value");

export const spaceSchema = z.discriminatedUnion("space", [
  z.strictObject({ space: z.literal("choice"), values }).describe("One of the values, drawn by the sampler."),
  z.strictObject({ space: z.literal("grid"), values }).describe("Every value once (with the grid sampler, every combination)."),
  z.strictObject({ space: z.literal("uniform"), low: num, high: num }).describe("A float in [low, high]."),
  z.strictObject({ space: z.literal("loguniform"), low: num, high: num }).describe("A float in [low, high], uniform in log(x)."),
  z
    .strictObject({ space: z.literal("int"), low: z.number().int(), high: z.number().int(), step: z.number().int().positive().optional(), log: z.boolean().optional() })
    .describe("An integer low, low+step, … ≤ high; log: uniform in log(x)."),
]);

const prunerSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("none") }),
  z.strictObject({
    type: z.literal("median"),
    n_startup_trials: z.number().int().nonnegative().default(5).describe("Completed trials before any pruning (Optuna's default 5)."),
    n_warmup_epochs: z.number().int().nonnegative().default(0).describe("Epochs of each trial never pruned."),
  }),
  z.strictObject({
    type: z.literal("asha"),
    grace_epochs: z.number().int().positive().default(1).describe("The first rung (Optuna's min_resource)."),
    reduction_factor: z.number().int().min(2).default(3).describe("Rungs at grace·rf^k epochs; the top 1/rf go on."),
  }),
]);

export const searchSchema = z.strictObject({
  metric: z.string().min(1).default("val_loss").describe("The history key to optimise (val_loss, val_accuracy, …)."),
  mode: z.enum(["auto", "min", "max"]).default("auto").describe("auto: max for accuracy-like keys, min otherwise (as early_stopping)."),
  trials: z.number().int().positive().optional().describe("How many trials (grid: default every combination)."),
  sampler: z.enum(["random", "grid", "tpe"]).default("tpe"),
  pruner: z.preprocess((v) => (typeof v === "string" ? { type: v } : v), prunerSchema).default({ type: "none" }),
  parallel: z.union([z.number().int().positive(), z.literal("auto")]).default(1).describe("Local trial processes; auto = cores / engine threads."),
  seed: z.number().int().nonnegative().optional().describe("Default: the config's seed."),
  parameters: z.record(z.string(), z.unknown()).refine((r) => Object.keys(r).length > 0, "expected at least one parameter"),
});

// each parameter's space is parsed on its own (spaceSchema) so one bad space hides no other problem
export type SearchInput = z.output<typeof searchSchema>;
