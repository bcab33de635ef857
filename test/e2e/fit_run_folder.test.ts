// "One folder, one run" end to end: a run is written into a staging folder beside the run folder and
// swapped in when it completes; a diverged or interrupted run's files go to DIR.partial/ and leave DIR
// as it was; a run folder is locked while a fit writes it; -o is checked before training (and in
// --dry-run). Needs dist/ (`npm test` builds first; alone: npm run build && npx vitest run test/e2e).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bin, mltrain, mltrainInterrupted, plainEnv, root, tmp as tmpDir } from "./cli.js";

const iris = path.join(root, "configs", "iris.yaml");
const digits = path.join(root, "configs", "digits.yaml");
const tmp = () => tmpDir("runfolder");
const diverge = ["--set", "optimizer={type: sgd, learning_rate: 1.0e+6}", "--set", "model.layers.0.activation=relu"];

/** Every file of `dir` (one level) with its text: what a folder holds, to compare before and after. */
const contents = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(path.join(dir, f), "utf8")]));

describe("a run folder holds one run's files", () => {
  it("a run that diverges into a folder holding a finished run leaves it byte for byte and puts its files in DIR.partial/", () => {
    const cwd = tmp();
    expect(mltrain(["fit", iris, "--set", "training.epochs=2", "-o", "d", "--report"], cwd).code).toBe(0);
    const before = contents(path.join(cwd, "d"));
    expect(Object.keys(before)).toEqual(["checkpoint.json", "config.yaml", "history.csv", "metrics.json", "model.json", "report.html"]);

    const r = mltrain(["fit", iris, ...diverge, "-o", "d"], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr.replace(/became \S+ at epoch 1 \(batch \d+\)/, "became X at epoch 1 (batch N)")).toMatchInlineSnapshot(`
      "mltrain: the loss became X at epoch 1 (batch N): training diverged; try a lower learning rate (optimizer.learning_rate is 1000000; e.g. --set optimizer.learning_rate=100000) or training.clip_norm. The last good checkpoint (the initial weights) and a partial report are in d.partial (d is as it was)
      "
    `);
    expect(contents(path.join(cwd, "d"))).toEqual(before);
    const partial = path.join(cwd, "d.partial");
    expect(readdirSync(partial).sort()).toEqual(["checkpoint.json", "config.yaml", "history.csv", "metrics.json"]);
    expect(JSON.parse(readFileSync(path.join(partial, "metrics.json"), "utf8")).status).toBe("diverged");
    // the paths printed are the ones written, and no staging folder or lock is left beside them
    expect(r.stdout).toContain("Wrote:\n  d.partial/checkpoint.json\n  d.partial/config.yaml\n  d.partial/history.csv\n  d.partial/metrics.json\n");
    expect(readdirSync(cwd).sort()).toEqual(["d", "d.partial"]);
  });

  it("a run that completes replaces the folder as a whole: no file of the earlier run is left (report.html) and an earlier DIR.partial stays", () => {
    const cwd = tmp();
    expect(mltrain(["fit", iris, "--set", "training.epochs=1", "-o", "d", "--report"], cwd).code).toBe(0);
    expect(mltrain(["fit", iris, ...diverge, "-o", "d"], cwd).code).toBe(1);
    const r = mltrain(["fit", iris, "--set", "training.epochs=2", "-o", "d"], cwd);
    expect(r.code).toBe(0);
    expect(readdirSync(path.join(cwd, "d")).sort()).toEqual(["checkpoint.json", "config.yaml", "history.csv", "metrics.json", "model.json"]);
    expect(readFileSync(path.join(cwd, "d", "history.csv"), "utf8").trimEnd().split("\n")).toHaveLength(3);
    expect(readdirSync(cwd).sort()).toEqual(["d", "d.partial"]);
  });

  it("Ctrl-C into a finished run's folder: its checkpoint.json is untouched by the epochs' checkpoints; the printed resume command continues from DIR.partial/ into DIR", async () => {
    const cwd = tmp();
    const args = ["fit", digits, "--set", "training.epochs=12", "--set", "training.early_stopping=null", "-o", "cut"];
    expect(mltrain([...args, "--set", "training.epochs=1"], cwd).code).toBe(0);
    const before = contents(path.join(cwd, "cut"));

    const { code, stderr } = await mltrainInterrupted(args, cwd, "Epoch 4/");
    expect(code).toBe(130);
    const partial = path.join(cwd, "cut.partial");
    const epochsDone = JSON.parse(readFileSync(path.join(partial, "checkpoint.json"), "utf8")).epoch;
    expect(epochsDone).toBeGreaterThanOrEqual(3);
    expect(stderr.replace(`(epoch ${epochsDone})`, "(epoch N)").replace(digits, "DIGITS")).toMatchInlineSnapshot(`
      "mltrain: interrupted: checkpoint (epoch N) and a partial report written to cut.partial (cut is as it was); continue with: mltrain fit DIGITS -o cut --set training.epochs=12 --set training.early_stopping=null --resume cut.partial/checkpoint.json
      "
    `);
    expect(contents(path.join(cwd, "cut"))).toEqual(before);
    expect(JSON.parse(readFileSync(path.join(partial, "metrics.json"), "utf8")).status).toBe("interrupted");

    const hint = /continue with: mltrain (fit .*)$/m.exec(stderr)![1];
    const resumed = spawnSync("sh", ["-c", `"${process.execPath}" "${bin}" ${hint}`], { cwd, env: plainEnv(), encoding: "utf8" });
    expect(resumed.stderr).toBe("");
    expect(resumed.status).toBe(0);
    expect(resumed.stdout.split("\n")[0]).toBe(`Epoch ${epochsDone + 1}/12`);
    // the resumed run is the folder's one run now: its partial files are gone
    expect(readdirSync(cwd).sort()).toEqual(["cut"]);
    expect(mltrain([...args.slice(0, -1), "full"], cwd).code).toBe(0);
    expect(readFileSync(path.join(cwd, "cut", "model.json"), "utf8")).toBe(readFileSync(path.join(cwd, "full", "model.json"), "utf8"));
  });

  it("--resume from the checkpoint.json inside the run folder itself (as earlier versions left it) ends with the uninterrupted run's model.json", async () => {
    const cwd = tmp();
    const args = ["fit", iris, "--set", "training.epochs=30", "-o", "d"];
    expect((await mltrainInterrupted(args, cwd, "Epoch 3/")).code).toBe(130);
    renameSync(path.join(cwd, "d.partial"), path.join(cwd, "d"));
    const r = mltrain([...args, "--resume", "d/checkpoint.json"], cwd);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(mltrain(["fit", iris, "--set", "training.epochs=30", "-o", "full"], cwd).code).toBe(0);
    expect(readFileSync(path.join(cwd, "d", "model.json"), "utf8")).toBe(readFileSync(path.join(cwd, "full", "model.json"), "utf8"));
    expect(readdirSync(cwd).sort()).toEqual(["d", "full"]);
  });
});

/** Resolves when `file` exists (polled every 50 ms), rejects after `ms`. */
async function appears(file: string, ms = 60_000): Promise<void> {
  for (const t0 = Date.now(); !existsSync(file); ) {
    if (Date.now() - t0 > ms) throw new Error(`${file} did not appear within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a run folder is locked while a fit writes it", () => {
  it("a second fit -o into the same folder exits 2 naming the process that holds it; the first one is unaffected", async () => {
    const cwd = tmp();
    const first = spawn(process.execPath, [bin, "fit", digits, "--set", "training.epochs=400", "--set", "training.early_stopping=null", "-o", "same"], {
      cwd, env: plainEnv(), stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    first.stdout.on("data", (d) => (out += d));
    const ended = new Promise<number | null>((resolve) => first.on("close", resolve));
    try {
      await appears(path.join(cwd, ".same.lock"));
      const second = mltrain(["fit", iris, "-o", "same"], cwd);
      expect(second.code).toBe(2);
      expect(second.stdout).toBe("");
      expect(second.stderr.replace(String(first.pid), "PID").replace(hostname(), "HOST").replace(/started \S+\)/, "started TIME)")).toMatchInlineSnapshot(`
        "mltrain: same is being written by another mltrain fit (pid PID on HOST, started TIME): wait for it to end, or choose another -o DIR (lock: .same.lock)
        "
      `);
      // --dry-run says so too
      expect(mltrain(["fit", iris, "-o", "same", "--dry-run"], cwd).code).toBe(2);
    } finally {
      first.kill("SIGINT");
    }
    expect(await ended).toBe(130);
    expect(out).not.toContain("Epoch 400/");
    // the lock goes with the run; the folder is free again
    expect(readdirSync(cwd).sort()).toEqual(["same.partial"]);
    expect(mltrain(["fit", iris, "--set", "training.epochs=1", "-o", "same"], cwd).code).toBe(0);
  }, 120_000);

  it("a lock left by a process that no longer runs is taken over, with a one-line note", () => {
    const cwd = tmp();
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    writeFileSync(path.join(cwd, ".same.lock"), JSON.stringify({ pid: dead, host: hostname(), started: "2026-01-01T00:00:00.000Z" }) + "\n");
    mkdirSync(path.join(cwd, `.same.staging-${dead}`));
    writeFileSync(path.join(cwd, `.same.staging-${dead}`, "checkpoint.json"), "{}");
    const r = mltrain(["fit", iris, "--set", "training.epochs=1", "-o", "same"], cwd);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0].replace(String(dead), "PID")).toMatchInlineSnapshot(`"Note: took over the lock of same (left by pid PID, which no longer runs)"`);
    // the dead run's staging folder is cleared away with its lock
    expect(readdirSync(cwd)).toEqual(["same"]);
  });

  it("a lock held on another host (whose process cannot be checked) is respected", () => {
    const cwd = tmp();
    writeFileSync(path.join(cwd, ".same.lock"), JSON.stringify({ pid: 1, host: "elsewhere", started: "2026-01-01T00:00:00.000Z" }) + "\n");
    const r = mltrain(["fit", iris, "-o", "same"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "mltrain: same is being written by another mltrain fit (pid 1 on elsewhere, started 2026-01-01T00:00:00.000Z): wait for it to end, or choose another -o DIR (lock: .same.lock)
      "
    `);
    expect(readdirSync(cwd)).toEqual([".same.lock"]);
  });
});

describe("-o is checked before training, in --dry-run too", () => {
  it("-o naming an existing file: exit 2 naming it, before the first epoch, the file untouched", () => {
    const cwd = tmp();
    writeFileSync(path.join(cwd, "out.txt"), "keep");
    for (const extra of [["--dry-run"], []]) {
      const r = mltrain(["fit", iris, "-o", "out.txt", ...extra], cwd);
      expect(r.code).toBe(2);
      expect(r.stdout).not.toContain("Epoch");
      expect(r.stderr).toMatchInlineSnapshot(`
        "mltrain: cannot write the run folder out.txt: it is a file, not a folder; give -o a folder
        "
      `);
    }
    expect(readFileSync(path.join(cwd, "out.txt"), "utf8")).toBe("keep");
    expect(readdirSync(cwd)).toEqual(["out.txt"]);
  });

  it("-o under an existing file: exit 2 naming the file in the way", () => {
    const cwd = tmp();
    writeFileSync(path.join(cwd, "out.txt"), "keep");
    for (const extra of [["--dry-run"], []]) {
      const r = mltrain(["fit", iris, "-o", "out.txt/run", ...extra], cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatchInlineSnapshot(`
        "mltrain: cannot create the run folder out.txt/run: out.txt is a file, not a folder
        "
      `);
    }
    expect(readdirSync(cwd)).toEqual(["out.txt"]);
  });

  it("-o naming a folder that holds files fit did not write: exit 2 listing them, nothing removed", () => {
    const cwd = tmp();
    mkdirSync(path.join(cwd, "notes", "sub"), { recursive: true });
    writeFileSync(path.join(cwd, "notes", "todo.txt"), "keep");
    writeFileSync(path.join(cwd, "notes", "model.json"), "{}");
    for (const extra of [["--dry-run"], []]) {
      const r = mltrain(["fit", iris, "-o", "notes", ...extra], cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatchInlineSnapshot(`
        "mltrain: cannot use notes as the run folder: it holds files fit does not write (sub/, todo.txt), and a run replaces its folder as a whole; choose another -o DIR or move them
        "
      `);
    }
    expect(readdirSync(path.join(cwd, "notes")).sort()).toEqual(["model.json", "sub", "todo.txt"]);
  });

  it("--dry-run on a writable -o still exits 0 and writes nothing", () => {
    const cwd = tmp();
    const r = mltrain(["fit", iris, "-o", "a/b", "--dry-run"], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Dry run: nothing trained, nothing written (the run would write a/b/)");
    expect(readdirSync(cwd)).toEqual([]);
  });
});
