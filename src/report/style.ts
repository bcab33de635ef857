// The report's inline CSS: a light theme, system fonts, cards in a responsive grid; points show on hover.
export const CSS = `
:root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#f6f7f9;--card:#fff;--accent:#21548f}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1200px;margin:0 auto;padding:28px 28px 60px}
header h1{margin:0;font-size:26px;font-weight:650;letter-spacing:-.01em}
header .sub{color:var(--muted);margin-top:2px}
h2{font-size:17px;font-weight:650;margin:34px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:15px;font-weight:600;margin:22px 0 10px}
.kpis{display:flex;flex-wrap:wrap;gap:12px;margin-top:18px}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 16px;min-width:120px}
.kpi .v{font-size:21px;font-weight:650;font-variant-numeric:tabular-nums}
.kpi .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px 8px;margin:0}
.card figcaption{font-weight:600;margin-bottom:4px}
.note{color:var(--muted);font-size:12px;margin:2px 0 4px}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:#374151;margin:2px 0 2px}
.legend .key{display:inline-flex;align-items:center;gap:5px}
svg.chart{width:100%;height:auto;display:block;font-size:11px}
svg.chart text{fill:#4b5563}
svg.chart .label{fill:#374151;font-size:12px}
.chart .grid line{stroke:#eef0f3}
.axis line{stroke:#9ca3af}
.series{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
.points circle{opacity:0;transition:opacity .1s}
.points circle:hover{opacity:1}
.points.scatter circle{opacity:.7;stroke:#fff;stroke-width:.6}
.marker line{stroke-dasharray:4 3;stroke-width:1.4}
.marker text{font-size:11px;font-weight:600}
.reference{stroke:#9ca3af;stroke-dasharray:5 4;stroke-width:1.2}
.heatmap text{font-variant-numeric:tabular-nums}
.heatmap .cell text{font-size:12px;font-weight:600}
.heatmap .tick-label{font-size:11px}
table{border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:10px;overflow:hidden;font-variant-numeric:tabular-nums}
th,td{padding:6px 14px;text-align:right;border-bottom:1px solid var(--line)}
th{background:#f9fafb;font-weight:600;color:#374151}
th:first-child,td:first-child{text-align:left}
tr:last-child td{border-bottom:0}
td.bar{position:relative}
pre{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;overflow:auto;font:12.5px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.two{margin-top:16px;display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:16px;align-items:start}
.run-dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px}
.card.wide{grid-column:1/-1}
.pc-line{fill:none;stroke-linejoin:round;opacity:.9}
.pc-line[data-kind="pruned"]{opacity:.75}
.pc-line:hover{stroke:#111827;opacity:1}
.pc-axis line{stroke:#6b7280}
tr.best td{background:#f0fdf4;font-weight:600}
td.reason,table.failed th{text-align:left;white-space:normal}
td.status{white-space:nowrap}
.scroll{overflow-x:auto}
table.trials th,table.trials td{padding:6px 10px}
td.param{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
footer{margin-top:40px;color:var(--muted);font-size:12px}
.gallery th{text-align:left;vertical-align:middle;white-space:nowrap}
.thumbs{display:flex;flex-wrap:wrap;gap:4px}
.thumbs img{width:64px;height:64px;object-fit:contain;background:#f3f4f6;image-rendering:pixelated;border-radius:3px}
`;
