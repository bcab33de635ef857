// src/report: the run report as pure functions from run data to one self-contained HTML string.
//   const runs = dirs.map((d) => loadRun(d));  writeFileAtomic(out, buildReportHtml(runs));
// fit writes predictions.csv (regression; src/report/predictions_csv.ts's fitPredictionsCsv) so the report can draw them.
export { buildReportHtml } from "./html.js";
export { withGallery, writeHtmlReport } from "./html_file.js";
export { IMAGES_FILE, imagesCsv, parseImagesCsv, type ImageRow } from "./image_rows.js";
export { fitPredictionsCsv, predictionsCsv } from "./predictions_csv.js";
export { cvFileOf, loadRun, loadRuns, type RunData } from "./run_data.js";
export { PREDICTIONS_FILE, parsePredictionsCsv, type Predictions } from "./predictions.js";
export { confusion, curveKeys, curves, gradChart, lrChart, markers, perClassRows, residuals, rocChart, scatter, shownSplit } from "./charts.js";
export { layoutLineChart, placeMarkerLabels, type LineChart, type Marker, type MarkerLabel, type Series } from "./line_chart.js";
export type { Heatmap } from "./heatmap.js";
export { categoryScale, decadeStride, epochScale, formatTick, linearScale, logScale, niceTicks, tightLogScale, type Scale } from "./scale.js";
export { num } from "./svg.js";
export { buildStudyHtml, trialOrder } from "./study_html.js";
export { isStudyDir, loadStudy, parseJournal, replayJournal, trialFolder, STUDY_JOURNAL, type StudyData, type StudyTrial, type StudyHeader, type StudySpace } from "./study_data.js";
export { paramAxes, paramScatters, parallelChart, trialChart, trialCurves } from "./study_charts.js";
export { categoryLabels, paramAxis, valueText, type ParamAxis } from "./study_params.js";
export { layoutParallel, type ParallelChart } from "./parallel.js";
export { predictionsJson, type PredictionsJson, type PredictionsJsonInput } from "./predictions_json.js";
