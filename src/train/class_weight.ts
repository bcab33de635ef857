// training.class_weight as the engine's per-class weight vector (one weight per output column, or
// [negative, positive] for a binary task's single column). `balanced` is scikit-learn's
// compute_class_weight("balanced"): n_samples / (n_classes · count of the class), counted on the TRAIN
// split. A {LABEL: weight} map gives unlisted labels 1, as Keras does.
import type { Config } from "../config/schema.js";
import type { Table } from "../data/index.js";
import { MltrainError } from "../errors.js";

/** The weights in the engine's class order (`classes`), or null when the config sets none. */
export function classWeightVector(spec: Config["training"]["class_weight"], classes: readonly string[], train: Table): number[] | null {
  if (spec === null) return null;
  if (spec !== "balanced") return classes.map((label) => spec[label] ?? 1);
  const counts = classCounts(train, classes.length);
  const empty = classes.filter((_, c) => counts[c] === 0);
  if (empty.length > 0) {
    throw new MltrainError(
      "data.split",
      `training.class_weight: balanced needs every class in the train split, but ${empty.map((l) => JSON.stringify(l)).join(", ")} has no train rows; ` +
        "give the weights as {LABEL: weight}, or split with stratify: true",
    );
  }
  return counts.map((n) => train.rows / (classes.length * n));
}

/** Rows per class of the train split's encoded targets (one-hot argmax; a single 0/1 column rounded). */
export function classCounts(train: Table, nClasses: number): number[] {
  const counts = new Array<number>(nClasses).fill(0);
  const { y, nOut } = train;
  for (let r = 0; r < train.rows; r++) {
    if (nOut === 1) counts[y[r] >= 0.5 ? 1 : 0]++;
    else {
      let best = 0;
      for (let c = 1; c < nOut; c++) if (y[r * nOut + c] > y[r * nOut + best]) best = c;
      counts[best]++;
    }
  }
  return counts;
}
