// Option fields shared by several optimizers: learning_rate (each its own default) and epsilon.
import { z } from "zod";

export const learningRate = (byDefault: number) =>
  z.number().positive().default(byDefault).describe("Step size lr (the schedule's lr0).");
export const epsilon = z.number().positive().default(1e-7).describe("Added to the denominator for stability.");
