// src/io: the files a run writes and reads back, every write atomic (temp file + rename).
export { writeFileAtomic, writeJsonAtomic } from "./atomic.js";
export { readVersionedJson, type FormatCheck } from "./read_json.js";
export { MODEL_FORMAT, MODEL_VERSION, modelFile, readModelFile, writeModelFile, type ModelFile, type ModelFileParts } from "./model_file.js";
export { historyColumns, historyToCsv, parseHistoryCsv, writeHistoryCsv, type HistoryRow } from "./history.js";
export { REPORT_FORMAT, REPORT_VERSION, readReport, writeReport, type Report, type RestartResult, type RunPredictions, type RestartSummary, type RunStatus } from "./report.js";
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  readCheckpoint,
  writeCheckpoint,
  type BestRestart,
  type Checkpoint,
  type EarlyStoppingState,
} from "./checkpoint.js";
export { checkRunDir, checkRunDirLock, existsError, nextNumberedDir, partialDirOf, RUN_FOLDER, RUN_FOLDER_FILES, type FolderContents, RUN_NUMBER, StagedRun } from "./run_dir.js";
export { type LockOwner } from "./run_lock.js";
export { isSplitSources, sha256Of, SPLIT_NAMES, type SplitName, type SplitSource } from "./data_split.js";
export { CV_FILE, CV_FOLDER, CV_FORMAT, CV_VERSION, foldDirName, readCvFile, writeCvFile, type CvFile, type CvRun } from "./cv_file.js";
