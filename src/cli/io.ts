// The streams a command writes to. Commands take a CliIo instead of touching process.* directly,
// so tests can run the program in-process; main.ts passes the real process streams.

export interface Out {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: Out;
  stderr: Out;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Standard input (`predict MODEL -`); process.stdin when absent. */
  stdin?: NodeJS.ReadableStream;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), stdin: process.stdin };
}
