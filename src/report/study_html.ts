// buildStudyHtml(study): the study report, one self-contained page (inline CSS and SVG, no script, no
// URL) as the run report is. Sections: header with key numbers; the metric of every trial with the
// best so far; every trial's curve (pruned grey); parallel coordinates; one scatter per parameter;
// every trial in a table, best first; the failed trials with their reasons; and the best trial's own
// run report (trials/NNNN/) below.
import { htmlPage, runReportBody } from "./html.js";
import { chartCard } from "./line_chart.js";
import { parallelCard } from "./parallel.js";
import { paramAxes, paramScatters, parallelChart, trialChart, trialCurves } from "./study_charts.js";
import { trialFolder, type StudyData, type StudyTrial } from "./study_data.js";
import type { ParamAxis } from "./study_params.js";
import { esc, num } from "./svg.js";

function kpi(k: string, v: string): string {
  return `<div class="kpi"><div class="v">${esc(v)}</div><div class="k">${esc(k)}</div></div>`;
}

function seconds(s: number): string {
  return s < 60 ? `${num(s, { decimals: s < 10 ? 2 : 1 })} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

function options(o: Record<string, unknown>): string {
  const rest = Object.entries(o).filter(([k]) => k !== "type");
  return rest.length ? ` (${rest.map(([k, v]) => `${k} ${typeof v === "number" ? num(v) : JSON.stringify(v)}`).join(", ")})` : "";
}

const count = (s: StudyData, status: StudyTrial["status"]) => s.trials.filter((t) => t.status === status).length;

function header(s: StudyData): string {
  const h = s.header;
  const total = s.trials.reduce((a, t) => a + (t.seconds ?? 0), 0);
  const kpis = [
    kpi(`best ${h.metric}`, s.best ? num(s.best.value) : "–"),
    kpi("best trial", s.best ? String(s.best.number) : "none complete"),
    kpi("trials", `${s.trials.length} / ${s.planned}`),
    kpi("complete", String(count(s, "complete"))),
    kpi("pruned", String(count(s, "pruned"))),
    kpi("failed", String(count(s, "failed"))),
    total > 0 ? kpi("training time, complete trials", seconds(total)) : "",
  ].join("");
  const sub = [h.config, s.dir, `${h.metric} (${s.maximize ? "max" : "min"})`, `sampler ${h.sampler}`, `pruner ${h.pruner.type}${options(h.pruner)}`, `seed ${h.seed}`].filter(Boolean).map(esc).join(" · ");
  const torn = s.tornLine ? `<p class="note">The journal's last line was cut off (the study was stopped while writing it) and is ignored.</p>` : "";
  return `<header><h1>Study: ${esc(h.name)}</h1><div class="sub">${sub}</div><div class="kpis">${kpis}</div>${torn}</header>`;
}

/** Every trial, best first: complete by metric, then pruned by the value they stopped at, then failed and unfinished. */
export function trialOrder(s: StudyData): StudyTrial[] {
  const rank = { complete: 0, pruned: 1, failed: 2, incomplete: 3 };
  const sign = s.maximize ? -1 : 1;
  return [...s.trials].sort((a, b) => {
    if (a.status !== b.status) return rank[a.status] - rank[b.status];
    if (a.value !== null && b.value !== null && a.value !== b.value) return sign * (a.value - b.value);
    return a.number - b.number;
  });
}

function statusText(s: StudyData, t: StudyTrial): string {
  if (t === s.best) return "complete · best";
  if (t.status === "pruned") return `pruned at epoch ${t.endEpoch ?? "?"}`;
  if (t.status === "failed") return `failed at epoch ${t.endEpoch ?? "?"}`;
  return t.status;
}

function trialsTable(s: StudyData, axes: readonly ParamAxis[]): string {
  const head = `<tr><th>trial</th><th>status</th>${axes.map((a) => `<th>${esc(a.path)}</th>`).join("")}<th>${esc(s.header.metric)}</th><th>epochs</th><th>seconds</th></tr>`;
  const rows = trialOrder(s)
    .map((t) => {
      const params = axes.map((a) => `<td class="param" title="${esc(JSON.stringify(t.params[a.path] ?? null))}">${esc(t.params[a.path] === undefined ? "–" : a.text(t.params[a.path]))}</td>`).join("");
      const epochs = t.status === "complete" ? t.endEpoch : t.epochs.length;
      return `<tr class="${t === s.best ? "best" : t.status}" data-trial="${t.number}"><td>${t.number}</td><td class="status">${esc(statusText(s, t))}</td>${params}<td>${num(t.value)}</td><td>${epochs ?? "–"}</td><td>${t.seconds === null ? "–" : num(t.seconds, { decimals: 2 })}</td></tr>`;
    })
    .join("");
  return `<h2>All trials, best first</h2><div class="scroll"><table class="trials"><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
}

function failedTable(s: StudyData, axes: readonly ParamAxis[]): string {
  const failed = s.trials.filter((t) => t.status === "failed");
  if (failed.length === 0) return "";
  const rows = failed
    .map((t) => `<tr data-trial="${t.number}"><td>${t.number}</td><td>${t.endEpoch ?? "–"}</td><td class="reason">${esc(t.reason ?? "")}</td><td class="param reason">${esc(axes.map((a) => `${a.path}=${a.text(t.params[a.path])}`).join(" "))}</td></tr>`)
    .join("");
  return `<h2>Failed trials (${failed.length})</h2><table class="failed"><thead><tr><th>trial</th><th>epoch</th><th>reason</th><th>parameters</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function bestRun(s: StudyData): string {
  if (!s.best) return `<h2>Best trial</h2><p class="note">No trial has completed yet.</p>`;
  const title = `<h2 id="best-trial">Best trial: ${s.best.number} (${esc(s.header.metric)} ${num(s.best.value)}) — its run report, ${esc(trialFolder(s.best.number))}</h2>`;
  if (!s.bestRun) return `${title}<p class="note">${esc(s.bestRunNote ?? "")}</p>`;
  return `${title}<section class="best-run">${runReportBody([s.bestRun])}</section>`;
}

export function buildStudyHtml(s: StudyData): string {
  const axes = paramAxes(s);
  const overview = [trialChart(s), trialCurves(s)].map(chartCard).join("");
  const scatters = paramScatters(s).map(chartCard).join("");
  const body = [
    header(s),
    `<h2>Trials</h2><div class="cards">${overview}${s.trials.some((t) => t.value !== null) ? parallelCard(parallelChart(s)) : ""}</div>`,
    `<h2>Parameters</h2><div class="cards">${scatters}</div>`,
    trialsTable(s, axes),
    failedTable(s, axes),
    bestRun(s),
  ].join("\n");
  return htmlPage(`mltrain study: ${s.header.name}`, body);
}
