// `mltrain serve` as a child process for end-to-end tests: started on 127.0.0.1 with --port 0, its
// address read from the one line it prints, stopped by a signal. Needs dist/.
import { spawn, type ChildProcess } from "node:child_process";
import { bin, plainEnv } from "./cli.js";

export interface Served {
  /** http://127.0.0.1:PORT */
  url: string;
  child: ChildProcess;
  /** What it printed so far. */
  output(): { stdout: string; stderr: string };
  /** Send `signal` and wait for the exit: the code and everything printed. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** `mltrain serve MODEL --port 0 ARGS` in `cwd`, once it listens (or rejects with what it printed if it exits first). */
export function serve(model: string, args: string[], cwd: string): Promise<Served> {
  const child = spawn(process.execPath, [bin, "serve", model, "--port", "0", ...args], { cwd, env: plainEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return new Promise((resolve, reject) => {
    const onData = () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (!m) return;
      child.stdout.off("data", onData);
      resolve({
        url: m[1],
        child,
        output: () => ({ stdout, stderr }),
        stop: async (signal = "SIGTERM") => {
          child.kill(signal);
          const code = await exited;
          return { code, stdout, stderr };
        },
      });
    };
    child.stdout.on("data", onData);
    void exited.then((code) => reject(new Error(`mltrain serve exited (${code}) before listening:\n${stdout}\n${stderr}`)));
  });
}

/** POST /predict with a JSON (object) or CSV (string) body: the status and the parsed answer. */
export async function predict(url: string, body: unknown, type = typeof body === "string" ? "text/csv" : "application/json"): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/predict`, { method: "POST", headers: { "content-type": type }, body: typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

export async function getJson(url: string): Promise<any> {
  return (await fetch(url)).json();
}
