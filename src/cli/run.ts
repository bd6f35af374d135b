// The `nixts` process itself: runs the CLI's main() on this process's arguments (as the bytes
// it got), standard streams and environment, and sets the exit code. The launcher (nixts.ts)
// loads this module, or the bundle built from it.

import { readFileSync } from "node:fs";
import { NixError } from "../errors.js";
import { main, processIO } from "./main.js";

/**
 * The arguments as the bytes this process got, from /proc/self/cmdline where there is one: Node
 * decodes argv as UTF-8 and turns invalid bytes into U+FFFD, where Nix keeps them. `undefined`
 * where the platform cannot tell, or the bytes do not match what Node decoded.
 */
function rawArgv(): string[] | undefined {
  let parts: string[];
  try {
    parts = readFileSync("/proc/self/cmdline").toString("latin1").split("\0");
  } catch {
    return undefined;
  }
  if (parts[parts.length - 1] === "") parts.pop();
  const args = process.argv.slice(2);
  if (parts.length < args.length) return undefined;
  const raw = parts.slice(parts.length - args.length);
  return raw.every((r, i) => Buffer.from(r, "latin1").toString("utf8") === args[i]) ? raw : undefined;
}

main(process.argv.slice(2), { ...processIO, rawArgv: rawArgv() }).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(e instanceof NixError ? e.format() : `error: ${String(e)}\n`);
    process.exitCode = 1;
  },
);
