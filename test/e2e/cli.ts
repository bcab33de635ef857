// What every end-to-end test shares: the repo root, bin/mltrain.js, fresh temp dirs, and the CLI run as
// a child process (not a TTY) with FORCE_COLOR / NO_COLOR removed, so the output is the plain pipe form
// whatever the caller's environment. Needs dist/ (`npm test` builds first; alone: npm run build).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const bin = path.join(root, "bin", "mltrain.js");

/** A new empty temp dir named mltrain-PREFIX-XXXXXX. */
export const tmp = (prefix: string): string => mkdtempSync(path.join(tmpdir(), `mltrain-${prefix}-`));

/** The test process's environment without the colour switches, plus `extra`. */
export function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return { ...env, ...extra };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `mltrain ARGS` in `cwd`, to the end; `input` is written to its standard input. */
export function mltrain(args: string[], cwd: string, input?: string | Buffer): CliRun {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env: plainEnv(), encoding: "utf8", maxBuffer: 64 << 20, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `mltrain ARGS` in `cwd`, sent SIGINT once its stdout shows `marker`; resolves with everything it printed. */
export async function mltrainInterrupted(args: string[], cwd: string, marker: string): Promise<CliRun> {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: plainEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let sent = false;
  child.stdout.on("data", (d) => {
    stdout += d;
    if (!sent && stdout.includes(marker)) {
      sent = true;
      child.kill("SIGINT");
    }
  });
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stdout, stderr };
}
