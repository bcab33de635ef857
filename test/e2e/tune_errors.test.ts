// mltrain tune's bad input: one paragraph naming the file and line, exit 2, before any trial runs, and
// nothing in an existing study folder touched. Needs dist/.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { bin, mltrain, plainEnv } from "./cli.js";
import { STUDY, studyDir } from "./tune_study.js";

let cwd: string;
/** Every file and folder under dir with its size and mtime. */
const snapshotOf = (dir: string) =>
  Object.fromEntries(readdirSync(dir, { recursive: true, encoding: "utf8" }).sort().map((f) => {
    const st = statSync(path.join(dir, f));
    return [f, st.isDirectory() ? "dir" : `${st.size} ${st.mtimeMs}`];
  }));

beforeAll(() => {
  cwd = studyDir("tune-errors");
  expect(mltrain(["tune", "study.yaml", "-o", "done", "--trials", "2"], cwd).code).toBe(0);
}, 60_000);

function bad(yaml: string, args: string[] = []): { code: number | null; stderr: string; stdout: string } {
  writeFileSync(path.join(cwd, "bad.yaml"), yaml);
  return mltrain(["tune", "bad.yaml", ...args], cwd);
}

describe("mltrain tune: bad input", () => {
  it("an unknown parameter path and a space that does not fit its key: file:line:col, exit 2, no trial", () => {
    const r = bad(STUDY.replace("optimizer.learning_rate:", "optimizer.learnin_rate:").replace("model.layers[0].units: { space: int, low: 2, high: 32 }", "model.layers[0].units: { space: uniform, low: 2, high: 32 }"));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatchInlineSnapshot(`
      "bad.yaml:17:55: search.parameters.optimizer.learnin_rate.low: optimizer.learnin_rate=0.001 makes an invalid config: optimizer.learnin_rate: unknown key; did you mean "learning_rate"?
      bad.yaml:18:28: search.parameters.model.layers[0].units: model.layers[0].units=13.31 makes an invalid config: model.layers[0].units: expected a positive integer, got 13.31; an integer key takes space: int
      mltrain: bad.yaml: invalid search (2 problems); no trial was run
      "
    `);
    expect(existsSync(path.join(cwd, "runs"))).toBe(false);
  });

  it("a metric that is no history key", () => {
    const r = bad(STUDY.replace("metric: val_loss", "metric: val_f1"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "bad.yaml:12:11: search.metric: cannot optimise "val_f1": the history has loss, accuracy, val_loss, val_accuracy
      mltrain: bad.yaml: invalid search (1 problem); no trial was run
      "
    `);
  });

  it("a changed search on an existing study is refused, naming what changed; the study is untouched", () => {
    const dir = path.join(cwd, "done");
    const before = snapshotOf(dir);
    const journalBefore = readFileSync(path.join(dir, "study.jsonl"), "utf8");
    const r = bad(STUDY.replace("high: 0.3", "high: 0.5").replace("sampler: random", "sampler: tpe"), ["-o", "done"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "bad.yaml:11: the search is not the one the study in done was started with: search.sampler was "random", now "tpe"; search.parameters.optimizer.learning_rate was {"space":"loguniform","low":0.001,"high":0.3}, now {"space":"loguniform","low":0.001,"high":0.5}. Rerun with the study's search to resume it, or give -o another folder for a new study
      "
    `);
    expect(snapshotOf(dir)).toEqual(before);
    expect(readFileSync(path.join(dir, "study.jsonl"), "utf8")).toBe(journalBefore);
  });

  it("a folder that is not a study, and --trials 0", () => {
    mkdirSync(path.join(cwd, "other"));
    writeFileSync(path.join(cwd, "other", "notes.txt"), "mine\n");
    const r = mltrain(["tune", "study.yaml", "-o", "other"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "mltrain: cannot use other as the study folder: it holds files but no study.jsonl, so it is not a study; choose another -o DIR or move it aside
      "
    `);
    expect(readdirSync(path.join(cwd, "other"))).toEqual(["notes.txt"]);
    const t = mltrain(["tune", "study.yaml", "--trials", "0"], cwd);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatchInlineSnapshot(`
      "error: option '--trials <n>' argument '0' is invalid. expected a positive integer
      (run \`mltrain --help\` or \`mltrain COMMAND --help\` for usage)
      "
    `);
  });

  it("a config without search:", () => {
    const r = bad(STUDY.slice(0, STUDY.indexOf("search:")));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "bad.yaml:1:1: the config has no search: section; add one with metric and parameters (see README, Search spaces)
      mltrain: bad.yaml: invalid search (1 problem); no trial was run
      "
    `);
  });

  it("a study another mltrain tune is running (its trial mid-epoch) is refused (exit 2), that run goes on", async () => {
    const first = spawn(process.execPath, [bin, "tune", "study.yaml", "-o", "busy", "--set", "training.epochs=100000", "--json"], { cwd, env: plainEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    await new Promise<void>((resolve) => first.stdout.on("data", (d) => ((out += d), out.includes('"event":"trial_epoch"') && resolve())));
    const r = mltrain(["tune", "study.yaml", "-o", "busy", "--set", "training.epochs=100000"], cwd);
    first.kill("SIGINT");
    const code = await new Promise((resolve) => first.on("close", resolve));
    expect(r.code).toBe(2);
    expect(r.stderr.replace(/pid \d+ on [^,]+, started [^)]+/, "pid P on H, started T")).toMatchInlineSnapshot(`
      "mltrain: busy is the study another mltrain tune is running (pid P on H, started T): wait for it to end, or give -o another folder
      "
    `);
    expect(code).toBe(130);
  });
});
