// Runs the nixts CLI in-process for tests: `main(argv, io)` with a working directory, an
// environment (PATH and HOME kept) and standard input, collecting stdout, stderr and the code.

import { main } from "../../src/cli/main.js";

/** What a CLI run printed and returned. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
  /** stdout and stderr in the order they were written (as one terminal shows them). */
  both: string;
}

/** Runs `nixts argv...` from `cwd` with extra environment variables and optional stdin. */
export async function runCli(argv: string[], cwd: string, env: Record<string, string> = {}, stdin = ""): Promise<CliResult> {
  let out = "";
  let err = "";
  let both = "";
  const code = await main(argv, {
    env: { PATH: process.env["PATH"], HOME: process.env["HOME"], ...env },
    cwd,
    stdout: (s) => {
      out += s;
      both += s;
    },
    stderr: (s) => {
      err += s;
      both += s;
    },
    stdin: () => stdin,
  });
  return { code, out, err, both };
}
