// The study report's charts as data (pure functions of a StudyData, unit-tested):
//   trialChart      the metric of every trial in trial order, the best-so-far line, the best marked
//   paramScatters   one scatter per parameter against the metric (log, linear or category x)
//   trialCurves     the metric per epoch of every trial: pruned ones grey, under the complete ones
//   parallelChart   parallel coordinates: one line per trial across the parameters to the metric
// Completed trials are blue, pruned grey (at the value they were pruned at), the best green.
import type { LineChart, Series } from "./line_chart.js";
import type { ParallelAxis, ParallelChart, ParallelLine } from "./parallel.js";
import type { StudyData, StudyTrial } from "./study_data.js";
import { paramAxis, type ParamAxis } from "./study_params.js";
import { num } from "./svg.js";

export const STUDY_COLOURS = { complete: "#4e79a7", pruned: "#b8bec8", best: "#2f855a", bestSoFar: "#2f855a" };

/** Accuracy-like metrics (every value in [0, 1], some above 0.5) get an axis up to exactly 1. */
function yKindFor(metric: string, values: readonly number[]): "fraction" | "auto" {
  const fraction = !/loss|mse|mae|rmse/.test(metric) && values.length > 0 && values.every((v) => v >= 0 && v <= 1) && Math.max(...values) > 0.5;
  return fraction ? "fraction" : "auto";
}

const scored = (s: StudyData) => s.trials.filter((t) => (t.status === "complete" || t.status === "pruned") && t.value !== null);

/** Every parameter's axis, in the search's order (the header's), then any the trials add. */
export function paramAxes(study: StudyData): ParamAxis[] {
  const paths = Object.keys(study.header.parameters);
  for (const t of study.trials) for (const p of Object.keys(t.params)) if (!paths.includes(p)) paths.push(p);
  return paths.map((p) => paramAxis(p, study.header.parameters[p], study.trials.map((t) => t.params[p])));
}

function trialTip(study: StudyData, t: StudyTrial, axes: readonly ParamAxis[]): string {
  const how = t.status === "pruned" ? ` (pruned at epoch ${t.endEpoch})` : "";
  const params = axes.map((a) => `${a.path} = ${a.text(t.params[a.path])}`).join("\n");
  return `trial ${t.number}${how}: ${study.header.metric} ${num(t.value)}${params ? `\n${params}` : ""}`;
}

export function trialChart(study: StudyData): LineChart {
  const axes = paramAxes(study);
  const metric = study.header.metric;
  const series: Series[] = [];
  const add = (name: string, kind: string, colour: string, trials: StudyTrial[], radius?: number) => {
    if (trials.length === 0) return;
    series.push({ name, kind, colour, pointsOnly: true, radius, points: trials.map((t) => [t.number, t.value]), tips: trials.map((t) => trialTip(study, t, axes)) });
  };
  const pruned = study.trials.filter((t) => t.status === "pruned" && t.value !== null);
  const complete = study.trials.filter((t) => t.status === "complete" && t.value !== null);
  add("pruned", "pruned", STUDY_COLOURS.pruned, pruned);
  add("complete", "complete", STUDY_COLOURS.complete, complete);
  // best so far: a step line over the complete trials, held to the last trial number
  const steps: [number, number][] = [];
  let best: number | null = null;
  for (const t of complete) {
    const better = best === null || (study.maximize ? t.value! > best : t.value! < best);
    if (best !== null && better) steps.push([t.number, best]);
    if (better) best = t.value!;
    if (better) steps.push([t.number, best!]);
  }
  const last = study.trials.length ? study.trials[study.trials.length - 1].number : 0;
  if (best !== null && steps[steps.length - 1][0] < last) steps.push([last, best]);
  if (steps.length > 0) series.push({ name: "best so far", kind: "best-so-far", colour: STUDY_COLOURS.bestSoFar, width: 1.6, points: steps, tips: steps.map(([x, y]) => `best so far after trial ${x}: ${num(y)}`) });
  if (study.best) add("best", "best", STUDY_COLOURS.best, [study.best], 6);
  const failed = study.trials.filter((t) => t.status === "failed").length;
  const incomplete = study.trials.filter((t) => t.status === "incomplete").length;
  const values = scored(study).map((t) => t.value!);
  return {
    id: "study-trials",
    title: `${metric} of every trial (${study.maximize ? "higher" : "lower"} is better)`,
    xLabel: "trial",
    yLabel: metric,
    xKind: "index",
    yKind: yKindFor(metric, values),
    xDomain: [0, Math.max(1, last)],
    series,
    markers: study.best ? [{ x: study.best.number, label: `best: trial ${study.best.number}`, colour: STUDY_COLOURS.best }] : [],
    note: [
      pruned.length ? "A pruned trial is shown at the value it was stopped at." : "",
      failed ? `${failed} failed trial${failed === 1 ? "" : "s"} (no value) listed below.` : "",
      incomplete ? `${incomplete} trial${incomplete === 1 ? "" : "s"} did not finish (the run was stopped; rerunning tune restarts ${incomplete === 1 ? "it" : "them"}).` : "",
    ].filter(Boolean).join(" "),
  };
}

/** A category's points spread over ±0.25 of its band (the same trial always lands at the same place). */
const jitter = (n: number) => (((n * 0.6180339887) % 1) - 0.5) * 0.5;

export function paramScatters(study: StudyData): LineChart[] {
  const axes = paramAxes(study);
  const metric = study.header.metric;
  const values = scored(study).map((t) => t.value!);
  return axes.map((axis) => {
    const series: Series[] = [];
    const groups: [string, string, StudyTrial[], number | undefined][] = [
      ["pruned", STUDY_COLOURS.pruned, scored(study).filter((t) => t.status === "pruned"), undefined],
      ["complete", STUDY_COLOURS.complete, scored(study).filter((t) => t.status === "complete" && t !== study.best), undefined],
      ["best", STUDY_COLOURS.best, study.best ? [study.best] : [], 5.5],
    ];
    for (const [kind, colour, trials, radius] of groups) {
      const placed = trials.flatMap((t) => {
        const x = axis.position(t.params[axis.path]);
        return x === null ? [] : [{ t, x: axis.kind === "category" ? x + jitter(t.number) : x }];
      });
      if (placed.length === 0) continue;
      series.push({ name: kind, kind, colour, pointsOnly: true, radius, points: placed.map(({ t, x }) => [x, t.value]), tips: placed.map(({ t }) => trialTip(study, t, axes)) });
    }
    return {
      id: `study-param-${axis.path}`,
      title: `${metric} against ${axis.path}`,
      xLabel: axis.path,
      yLabel: metric,
      xKind: axis.kind === "category" ? "category" : axis.kind === "log" ? "log" : "auto",
      xDomain: axis.kind === "category" ? undefined : axis.domain,
      categories: axis.kind === "category" ? axis.categories : undefined,
      yKind: yKindFor(metric, values),
      series,
      note: axis.legend.join("; "),
    };
  });
}

/** The metric per epoch of each trial: pruned (grey) first, so the complete ones and the best draw over them. */
export function trialCurves(study: StudyData): LineChart {
  const metric = study.header.metric;
  const curve = (t: StudyTrial) => t.epochs.map((e) => [e.epoch, e.metrics[metric] ?? null] as [number, number | null]);
  const series: Series[] = [];
  const order = [
    ...study.trials.filter((t) => t.status === "pruned"),
    ...study.trials.filter((t) => t.status === "complete" && t !== study.best),
    ...(study.best ? [study.best] : []),
  ];
  for (const t of order) {
    const points = curve(t);
    if (!points.some(([, v]) => v !== null)) continue;
    const kind = t === study.best ? "best" : t.status;
    const colour = kind === "best" ? STUDY_COLOURS.best : kind === "pruned" ? STUDY_COLOURS.pruned : STUDY_COLOURS.complete;
    const how = t.status === "pruned" ? `, pruned after epoch ${t.endEpoch}` : t === study.best ? ", the best" : "";
    // a trial pruned after its first epoch has one point: a dot, as a line of one point draws nothing
    const dot = points.filter(([, v]) => v !== null).length === 1;
    series.push({ name: `trial ${t.number}`, kind, colour, width: kind === "best" ? 2.6 : kind === "pruned" ? 1.2 : 1.5, pointsOnly: dot || undefined, radius: dot ? 3 : undefined, points, tips: points.map(([e, v]) => `trial ${t.number}${how}\nepoch ${e}: ${metric} ${num(v)}`) });
  }
  const legend = [
    { name: "complete", colour: STUDY_COLOURS.complete },
    { name: "pruned", colour: STUDY_COLOURS.pruned },
    ...(study.best ? [{ name: `best (trial ${study.best.number})`, colour: STUDY_COLOURS.best }] : []),
  ].filter((l) => series.some((s) => s.colour === l.colour));
  const values = series.flatMap((s) => s.points.flatMap(([, v]) => (v === null ? [] : [v])));
  return {
    id: "study-curves",
    title: `${metric} per epoch of every trial`,
    xLabel: "epoch",
    yLabel: metric,
    xKind: "epoch",
    yKind: yKindFor(metric, values),
    series,
    legend: legend.length > 1 ? legend : [],
    note: "Pruned trials (grey) are drawn under the completed ones; each stops at the epoch it was pruned at.",
  };
}

/** Light to dark blue by how good a complete trial's value is among them (t in [0, 1]). */
function ramp(t: number): string {
  const c = (a: number, b: number) => Math.round(a + (b - a) * Math.min(1, Math.max(0, t)));
  return `rgb(${c(188, 24)},${c(209, 66)},${c(232, 126)})`;
}

export function parallelChart(study: StudyData): ParallelChart {
  const axes = paramAxes(study);
  const metric = study.header.metric;
  const trials = scored(study);
  const values = trials.map((t) => t.value!);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pAxes: ParallelAxis[] = [
    ...axes.map((a) => ({ label: a.path, kind: a.kind, domain: a.domain, categories: a.categories })),
    { label: metric, kind: "linear" as const, domain: [Number.isFinite(lo) ? lo : 0, Number.isFinite(hi) ? hi : 1] as [number, number], categories: [] },
  ];
  const goodness = (v: number) => (hi === lo ? 1 : study.maximize ? (v - lo) / (hi - lo) : (hi - v) / (hi - lo));
  const line = (t: StudyTrial): ParallelLine => {
    const kind = t === study.best ? "best" : t.status;
    return {
      name: `trial ${t.number}`,
      kind,
      colour: kind === "best" ? STUDY_COLOURS.best : kind === "pruned" ? STUDY_COLOURS.pruned : ramp(goodness(t.value!)),
      width: kind === "best" ? 3 : 1.4,
      values: [...axes.map((a) => a.position(t.params[a.path])), t.value],
      tip: trialTip(study, t, axes),
    };
  };
  const order = [
    ...trials.filter((t) => t.status === "pruned"),
    ...trials.filter((t) => t.status === "complete" && t !== study.best).sort((a, b) => goodness(a.value!) - goodness(b.value!)),
    ...(study.best ? [study.best] : []),
  ];
  return {
    id: "study-parallel",
    title: `Parallel coordinates: the parameters of each trial and its ${metric}`,
    axes: pAxes,
    lines: order.map(line),
    note: `Darker blue: a better ${metric}; green: the best trial; grey: pruned (at the value it was stopped at).${axes.some((a) => a.legend.length) ? ` ${axes.flatMap((a) => a.legend.map((l) => `${a.path} ${l}`)).join("; ")}` : ""}`,
  };
}
