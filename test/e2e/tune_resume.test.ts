// A study survives its process: kill -9 of mltrain tune mid-study, then the same command again, gives
// the study an uninterrupted run gives; Ctrl-C stops the running trials, leaves a consistent journal
// and exits 130, and the rerun finishes the same study. Needs dist/.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bin, mltrain, mltrainInterrupted, plainEnv } from "./cli.js";
import { csvWithoutSeconds, journal, journalByTrial, studyDir, trialWeights } from "./tune_study.js";

let cwd: string;
beforeAll(() => {
  cwd = studyDir("tune-resume");
  expect(mltrain(["tune", "study.yaml", "-o", "whole"], cwd).code).toBe(0);
}, 120_000);

/** Each trial finished exactly once, every line whole. */
function consistent(dir: string): void {
  const ends = journal(dir).filter((e) => e.type === "pruned" || e.type === "failed" || e.type === "complete").map((e) => e.trial);
  expect(new Set(ends).size).toBe(ends.length);
}

/** `mltrain tune` killed with SIGKILL once its stdout shows `marker`. */
async function killedAt(args: string[], marker: string): Promise<string> {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: plainEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
    if (out.includes(marker)) child.kill("SIGKILL");
  });
  await new Promise((resolve) => child.on("close", resolve));
  return out;
}

describe("resuming a study", () => {
  it("kill -9 mid-study (2 processes), then the same command: the uninterrupted study", async () => {
    const out = await killedAt(["tune", "study.yaml", "-o", "killed", "--parallel", "2", "--json"], '"event":"trial_epoch","trial":3,"epoch":2');
    expect(out).not.toContain('"event":"done"');
    const dir = path.join(cwd, "killed");
    expect(journal(dir).some((e) => e.type === "asked" && e.trial === 3)).toBe(true);
    const again = mltrain(["tune", "study.yaml", "-o", "killed", "--parallel", "2"], cwd);
    expect(again.code).toBe(0);
    consistent(dir);
    expect(csvWithoutSeconds(dir)).toBe(csvWithoutSeconds(path.join(cwd, "whole")));
    expect(journalByTrial(dir)).toEqual(journalByTrial(path.join(cwd, "whole")));
    expect(trialWeights(dir)).toEqual(trialWeights(path.join(cwd, "whole")));
    expect(readFileSync(path.join(dir, "best.yaml"), "utf8")).toBe(readFileSync(path.join(cwd, "whole", "best.yaml"), "utf8"));
  });

  it("Ctrl-C: the running trials stop, the journal is consistent, exit 130; the rerun finishes the same study", async () => {
    const r = await mltrainInterrupted(["tune", "study.yaml", "-o", "stopped", "--set", "training.epochs=6"], cwd, "Trial 2 ");
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("mltrain: stopping the running trials after their next batch");
    expect(r.stderr.trimEnd().split("\n").at(-1)).toBe(
      "mltrain: interrupted: the journal stopped/study.jsonl keeps every finished trial; rerun the same command to resume: mltrain tune study.yaml -o stopped --set training.epochs=6",
    );
    const dir = path.join(cwd, "stopped");
    consistent(dir);
    const asked = journal(dir).filter((e) => e.type === "asked").length;
    const ended = journal(dir).filter((e) => ["pruned", "failed", "complete"].includes(String(e.type))).length;
    expect(ended).toBeLessThan(8);
    expect(asked - ended).toBeLessThanOrEqual(1);
    const again = mltrain(["tune", "study.yaml", "-o", "stopped", "--set", "training.epochs=6"], cwd);
    expect(again.code).toBe(0);
    consistent(dir);
    expect(csvWithoutSeconds(dir)).toBe(csvWithoutSeconds(path.join(cwd, "whole")));
    expect(trialWeights(dir)).toEqual(trialWeights(path.join(cwd, "whole")));
  });
});
