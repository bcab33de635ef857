// eval, predict, summary and export read a model.json as the library's load() does: src/run/saved_model.ts.
export { loadSavedModel, type SavedModel } from "../run/saved_model.js";
