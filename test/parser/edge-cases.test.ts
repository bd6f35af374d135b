// Oracle-checked edge cases: each expression in edge-cases.txt (separated by `---` lines) is
// parsed by nixts and by `nix-instantiate --parse -E` (run in /tmp with HOME=/root); the printed
// result, or the error message and its line:column, must be identical.

import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { lineColumn, STRING_SOURCE } from "../../src/parser/ast.js";
import { NixError } from "../../src/errors.js";
import { parseAndResolve, printExpr } from "../../src/parser/index.js";
import { pool } from "./oracle.js";
import { announceSkip, nix28 } from "../support/oracle.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const cases = readFileSync(path.join(here, "edge-cases.txt"), "utf8").split("\n---\n").map((c) => c.replace(/\n$/, ""));
// Outside CI a missing oracle skips (one line); in CI the suite runs and fails instead.
const reason = nix28.skipReason();
announceSkip("edge-case parser", reason);

/** `nix-instantiate --parse -E` output, or `ERR message @line:col`. */
function oracle(expr: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(nix28.bin("nix-instantiate"), ["--parse", "-E", expr], { encoding: "latin1", cwd: "/tmp", env: { ...process.env, HOME: "/root" } }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout.replace(/\n$/, ""));
      // eslint-disable-next-line no-control-regex -- control bytes are matched on purpose
      const plain = stderr.replace(/\x1b\[[0-9;]*m/g, "");
      const m = /error: (.*)\n\n\s+at [^\n]*?:(\d+):(\d+):/.exec(plain);
      resolve(m ? `ERR ${m[1]} @${m[2]}:${m[3]}` : `ERR? ${plain.split("\n")[0]}`);
    });
  });
}

function mine(expr: string): string {
  try {
    const e = parseAndResolve(Buffer.from(expr, "utf8").toString("latin1"), { name: STRING_SOURCE, baseDir: "/tmp", home: "/root" });
    return printExpr(e);
  } catch (err) {
    if (!(err instanceof NixError) || !err.span) throw err;
    const { line, column } = lineColumn(err.span.file, err.span.start);
    return `ERR ${err.message} @${line}:${column}`;
  }
}

describe.skipIf(reason)("edge cases against nix-instantiate --parse -E", () => {
  const want = new Map<string, string>();
  beforeAll(async () => {
    const res = await pool(cases, 4, oracle);
    cases.forEach((c, i) => want.set(c, res[i]!));
  }, 300_000);
  for (const c of cases) it(JSON.stringify(c), () => expect(mine(c)).toBe(want.get(c)));
});
