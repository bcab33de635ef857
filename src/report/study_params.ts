// How the study report places a parameter's values on an axis, from its search space: a log axis for
// loguniform and log int spaces, a linear one for uniform and int, and categories (in the space's order)
// for choice and grid, whole subtrees included. A subtree is named by a short label (the optimizer's
// type, a layer list's units) when those tell the values apart, else by its index; the chart's note
// spells every subtree out.
import type { StudySpace } from "./study_data.js";
import { num } from "./svg.js";

export interface ParamAxis {
  path: string;
  kind: "linear" | "log" | "category";
  /** linear/log: the space's [low, high] (widened to the values seen). */
  domain: [number, number];
  /** category: the labels, in the space's order. */
  categories: string[];
  /** Category values that are subtrees (objects, lists): "label = {json}" for the note. */
  legend: string[];
  /** The axis position of a value: the number itself, or the category index; null when it has none. */
  position(v: unknown): number | null;
  /** A value as the tables and tooltips print it. */
  text(v: unknown): string;
}

/** Compact JSON of a subtree ({"type":"sgd","momentum":0.9}); numbers through num. */
export function valueText(v: unknown): string {
  if (typeof v === "number") return num(v);
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

const MAX_LABEL = 16;

/**
 * A subtree's short name: an object's type; a layer list's units and types (64-32-10, conv layers as
 * c32), its dropout layers left out or, with `dropout`, written do0.2.
 */
function shortName(v: unknown, dropout: boolean): string {
  if (typeof v === "number") return num(v);
  if (typeof v === "string" || typeof v === "boolean" || v === null) return String(v);
  if (Array.isArray(v)) {
    return v
      .flatMap((x) => {
        if (x && typeof x === "object" && !Array.isArray(x)) {
          const o = x as Record<string, unknown>;
          if (typeof o.units === "number") return [String(o.units)];
          if (typeof o.filters === "number") return [`c${o.filters}`];
          if (o.type === "dropout") return dropout ? [`do${typeof o.rate === "number" ? num(o.rate) : ""}`] : [];
          if (typeof o.type === "string") return [o.type];
        }
        return [shortName(x, dropout)];
      })
      .join("-");
  }
  const o = v as Record<string, unknown>;
  return typeof o.type === "string" ? o.type : JSON.stringify(v);
}

const isSubtree = (v: unknown) => v !== null && typeof v === "object";

/** Labels for a choice's values: their short names when distinct and short (without dropouts if those tell them apart), else #0, #1, ... */
export function categoryLabels(values: readonly unknown[]): string[] {
  for (const dropout of [false, true]) {
    const names = values.map((v) => shortName(v, dropout));
    if (new Set(names).size === names.length && names.every((n) => n.length <= MAX_LABEL)) return names;
  }
  const names = values.map((v) => shortName(v, true));
  return values.map((v, i) => (isSubtree(v) ? `#${i}` : names[i].length <= MAX_LABEL && names.indexOf(names[i]) === i ? names[i] : `#${i}`));
}

/** The axis of parameter `path`, from its space and the values the trials took. */
export function paramAxis(path: string, space: StudySpace | undefined, seen: readonly unknown[]): ParamAxis {
  const numeric = seen.every((v) => typeof v === "number" || v === undefined || v === null);
  const listed = space?.values ?? (numeric ? undefined : []);
  if (listed !== undefined) {
    const values = [...listed];
    const key = (v: unknown) => JSON.stringify(v);
    for (const v of seen) if (v !== undefined && !values.some((w) => key(w) === key(v))) values.push(v);
    const keys = values.map(key);
    const categories = categoryLabels(values);
    const legend = values.flatMap((v, i) => (isSubtree(v) ? [`${categories[i]} = ${JSON.stringify(v)}`] : []));
    return {
      path,
      kind: "category",
      domain: [-0.5, values.length - 0.5],
      categories,
      legend,
      position: (v) => {
        const i = v === undefined ? -1 : keys.indexOf(key(v));
        return i < 0 ? null : i;
      },
      text: (v) => {
        const i = v === undefined ? -1 : keys.indexOf(key(v));
        return i >= 0 && isSubtree(v) ? categories[i] : valueText(v);
      },
    };
  }
  const nums = seen.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const log = space?.space === "loguniform" || (space?.space === "int" && space.log === true);
  let lo = Math.min(...(typeof space?.low === "number" ? [space.low] : []), ...nums);
  let hi = Math.max(...(typeof space?.high === "number" ? [space.high] : []), ...nums);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  const logOk = log && lo > 0;
  return {
    path,
    kind: logOk ? "log" : "linear",
    domain: [lo, hi],
    categories: [],
    legend: [],
    position: (v) => (typeof v === "number" && Number.isFinite(v) && (!logOk || v > 0) ? v : null),
    text: valueText,
  };
}
