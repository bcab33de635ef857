// buildReportHtml(runs): the whole self-contained report (inline CSS and SVG, no script, no URL).
// Sections: header with key numbers (a comparison table for several runs), training curves (loss,
// metrics, learning rate, gradient norms), evaluation per run (classification: per-class table,
// confusion heat maps, ROC; regression: metrics, predicted vs true, residuals), model, config.
import { shapeText } from "../engine/index.js";
import type { CvFile } from "../io/index.js";
import { confusion, curves, gradChart, lrChart, perClassRows, residuals, rocChart, scatter, shownSplit } from "./charts.js";
import { heatmapCard } from "./heatmap.js";
import { confusedHtml, samplesHtml } from "./image_gallery.js";
import { chartCard } from "./line_chart.js";
import type { RunData } from "./run_data.js";
import { CSS } from "./style.js";
import { colour, esc, num } from "./svg.js";

/** The headline number of a metrics object: accuracy, subset accuracy or r2. */
function headline(m: Record<string, unknown> | undefined): [string, number] | null {
  if (!m) return null;
  for (const k of ["accuracy", "subset_accuracy", "r2"]) if (typeof m[k] === "number") return [k, m[k] as number];
  return null;
}

function kpi(k: string, v: string): string {
  return `<div class="kpi"><div class="v">${esc(v)}</div><div class="k">${esc(k)}</div></div>`;
}

function seconds(s: number): string {
  return s < 60 ? `${num(s, { decimals: s < 10 ? 2 : 1 })} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** A cv folder's summary (cv.json): the mean and std of every score over the folds. */
function cvSummary(cv: CvFile): string {
  const name = (k: string) => (k === "loss" ? `loss (${cv.loss_name})` : k);
  const row = (label: string, values: Record<string, number | null>) => `<tr><td>${label}</td>${cv.metrics.map((k) => `<td>${num(values[k])}</td>`).join("")}</tr>`;
  const how = `${cv.folds} folds${cv.repeats > 1 ? ` × ${cv.repeats} repeats` : ""}, ${cv.stratified ? "stratified" : "not stratified"}, ${cv.shuffle ? `shuffled (seed ${cv.seed})` : "in file order"}`;
  return `<h2>Cross-validation</h2><table class="metrics"><thead><tr><th>over ${cv.runs.length} folds</th>${cv.metrics.map((k) => `<th>${esc(name(k))}</th>`).join("")}</tr></thead><tbody>${row("mean", cv.mean)}${row("std", cv.std)}</tbody></table>
<p class="note">${esc(how)}, over the ${cv.data.rows.length} train + validation rows (the test split's ${cv.data.test_rows} rows set aside); each fold scored on its validation rows; std is the population standard deviation (ddof=0, numpy's default).${cv.status === "completed" ? "" : ` Status: ${esc(cv.status)}.`}</p>`;
}

function header(runs: readonly RunData[], cv: CvFile | null = null): string {
  if (runs.length === 1) {
    const r = runs[0].report;
    const shown = shownSplit(runs[0]);
    const h = headline(shown?.metrics);
    const loss = shown?.metrics.loss as number | undefined;
    const kpis = [
      h ? kpi(`${shown!.split} ${h[0]}`, h[0] === "r2" ? num(h[1]) : `${num(h[1] * 100, { decimals: 1 })}%`) : "",
      loss !== undefined ? kpi(`${shown!.split} loss`, num(loss)) : "",
      kpi("best epoch", `${r.training.best_epoch} / ${r.training.epochs_run}`),
      kpi("early stop", r.training.stopped_early ? `epoch ${r.training.epochs_run}` : "no"),
      kpi("parameters", r.model.params.toLocaleString("en-US")),
      kpi("training time", seconds(r.training.seconds)),
    ].join("");
    return `<header><h1>${esc(r.name)}</h1><div class="sub">${esc(r.task)} · ${esc(runs[0].dir)} · ${esc(r.status)} · ${esc(r.created)} · mltrain ${esc(r.mltrain_version)}</div><div class="kpis">${kpis}</div></header>`;
  }
  const rows = runs
    .map((run, i) => {
      const r = run.report;
      const shown = shownSplit(run);
      const h = headline(shown?.metrics);
      return `<tr><td><span class="run-dot" style="background:${colour(i)}"></span>${esc(run.label)}</td><td>${esc(r.task)}</td><td>${r.training.epochs_run}</td><td>${r.training.best_epoch}</td><td>${r.training.stopped_early ? "yes" : "no"}</td><td>${num(shown?.metrics.loss as number)}</td><td>${h ? `${esc(h[0])} ${num(h[1])}` : "–"}</td><td>${r.model.params}</td><td>${seconds(r.training.seconds)}</td></tr>`;
    })
    .join("");
  const splits = [...new Set(runs.map((run) => shownSplit(run)?.split ?? "test"))];
  const shownSplits = splits.length === 1 ? splits[0] : splits.join(" or ");
  const title = cv ? `Cross-validation of ${esc(cv.name)}: ${cv.folds} folds${cv.repeats > 1 ? ` × ${cv.repeats} repeats` : ""}` : `Comparison of ${runs.length} runs`;
  return `<header><h1>${title}</h1><div class="sub">${runs.map((r) => esc(r.dir)).join(" · ")}</div></header>${cv ? cvSummary(cv) : ""}
<h2>Runs</h2><table><thead><tr><th>run</th><th>task</th><th>epochs</th><th>best epoch</th><th>stopped early</th><th>loss (${shownSplits})</th><th>score (${shownSplits})</th><th>params</th><th>time</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function perClassTable(run: RunData): string {
  const rows = perClassRows(run);
  if (rows.length === 0) return "";
  const body = rows
    .map((r) => `<tr><td>${esc(r.label)}</td><td>${num(r.precision, { decimals: 3 })}</td><td>${num(r.recall, { decimals: 3 })}</td><td>${num(r.f1, { decimals: 3 })}</td><td>${r.support}</td><td>${num(r.roc_auc, { decimals: 3 })}</td></tr>`)
    .join("");
  return `<table class="per-class"><thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th><th>ROC AUC</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** Scalar metrics (and macro/weighted averages) of each split, as a table. */
function metricsTable(run: RunData): string {
  const e = run.report.evaluation as Record<string, Record<string, unknown> | null>;
  const splits = (["train", "validation", "test"] as const).filter((s) => e[s]);
  if (splits.length === 0) return "";
  const keys: string[] = [];
  for (const s of splits)
    for (const [k, v] of Object.entries(e[s]!)) {
      if (typeof v === "number" && k !== "support") keys.includes(k) || keys.push(k);
      else if (v && typeof v === "object" && !Array.isArray(v) && ["precision", "recall", "f1", "roc_auc"].includes(k))
        for (const a of Object.keys(v)) if (typeof (v as Record<string, unknown>)[a] === "number") keys.includes(`${k}.${a}`) || keys.push(`${k}.${a}`);
    }
  const value = (m: Record<string, unknown>, k: string) => {
    const [a, b] = k.split(".");
    const v = b ? (m[a] as Record<string, unknown> | undefined)?.[b] : m[a];
    return typeof v === "number" ? num(v) : "–";
  };
  const head = `<tr><th>metric</th>${splits.map((s) => `<th>${s} (${run.report.data.rows[s]})</th>`).join("")}</tr>`;
  const body = keys.map((k) => `<tr><td>${esc(k)}</td>${splits.map((s) => `<td>${value(e[s]!, k)}</td>`).join("")}</tr>`).join("");
  return `<table class="metrics"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

function evaluation(run: RunData, multi: boolean): string {
  const r = run.report;
  const title = `<h2>Evaluation${multi ? ` — ${esc(run.label)}` : ""}</h2>`;
  const tables = `<div class="two"><div><h3>Metrics per split</h3>${metricsTable(run)}</div>${perClassRows(run).length ? `<div><h3>Per class (${shownSplit(run)?.split} split)</h3>${perClassTable(run)}</div>` : ""}</div>`;
  const figures: string[] = [];
  for (const h of confusion(run)) figures.push(heatmapCard(h));
  const roc = rocChart(run);
  if (roc) figures.push(chartCard(roc));
  if (r.task === "regression") {
    if (run.predictions) for (const c of [...scatter(run.predictions, run.label), ...residuals(run.predictions, run.label)]) figures.push(chartCard(c));
    else figures.push(`<p class="note">No predictions.csv in ${esc(run.dir)}: run mltrain fit again to get the predicted-vs-true and residual plots.</p>`);
  }
  const images = run.gallery ? confusedHtml(run.gallery) : "";
  return `${title}${figures.length ? `<div class="cards">${figures.join("")}</div>` : ""}${images}${tables}`;
}

function modelAndConfig(run: RunData, multi: boolean): string {
  const r = run.report;
  const layers = r.model.layers
    .map((l) => `<tr><td>${esc(l.name)} (${esc(l.type)})</td><td>${esc(shapeText(l.output_shape.slice(1) as number[]))}</td><td>${l.params.toLocaleString("en-US")}</td></tr>`)
    .join("");
  const table = `<table class="model"><thead><tr><th>layer (type)</th><th>output shape</th><th>params</th></tr></thead><tbody>${layers}<tr><td><b>total</b></td><td></td><td><b>${r.model.params.toLocaleString("en-US")}</b></td></tr></tbody></table>`;
  const data = `<p class="note">${r.data.features.length} feature${r.data.features.length === 1 ? "" : "s"} → ${esc(Array.isArray(r.data.target) ? r.data.target.join(", ") : r.data.target)}${r.data.classes ? ` (classes: ${esc(r.data.classes.join(", "))})` : ""}; rows: train ${r.data.rows.train}, validation ${r.data.rows.validation}, test ${r.data.rows.test}.</p>`;
  const config = run.configYaml ?? JSON.stringify(r.config, null, 2);
  return `<h2>Model and config${multi ? ` — ${esc(run.label)}` : ""}</h2><div class="two"><div><h3>Model summary</h3>${table}${data}</div><div><h3>Resolved config${run.configYaml ? " (config.yaml)" : ""}</h3><pre>${esc(config)}</pre></div></div>`;
}

/** The report's sections of one or several runs (the study report shows its best trial's below its own). */
export function runReportBody(runs: readonly RunData[], cv: CvFile | null = null): string {
  const multi = runs.length > 1;
  const training = [...curves(runs), lrChart(runs), ...runs.flatMap((r) => gradChart(r) ?? [])].map(chartCard).join("");
  return [
    header(runs, multi ? cv : null),
    ...runs.flatMap((r) => (r.gallery ? [samplesHtml(r.gallery)] : [])),
    `<h2>Training</h2><div class="cards">${training}</div>`,
    ...runs.map((r) => evaluation(r, multi)),
    ...runs.map((r) => modelAndConfig(r, multi)),
  ].join("\n");
}

/** A whole self-contained page: the inline CSS, the body and the footer. */
export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><main>
${body}
<footer>Written by mltrain report. Hover a point for its value. Self-contained: no scripts, no network.</footer>
</main></body></html>
`;
}

/** The report of `runs`; `cv`: they are the folds of that cv.json (a summary of their scores heads the page). */
export function buildReportHtml(runs: readonly RunData[], cv: CvFile | null = null): string {
  const title = cv ? `mltrain cv: ${cv.name}` : runs.length > 1 ? `mltrain: ${runs.map((r) => r.label).join(" vs ")}` : `mltrain report: ${runs[0].report.name}`;
  return htmlPage(title, runReportBody(runs, cv));
}
