// Command-line arguments are bytes, as Nix reads them: an argument that is not valid UTF-8
// reaches the expression, --argstr values, -A paths and messages unchanged (Node alone would have
// turned its bad bytes into U+FFFD). The real bin runs here; expected output is Nix 2.8's.

import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { announceSkip, nix28, repoRoot } from "../support/oracle.js";

const reason = nix28.skipReason();
announceSkip("argv bytes", reason);

const bin = path.join(repoRoot, "dist/cli/nixts.cjs");
/** Runs `PROGRAM ARGS` through sh, whose printf makes the bytes (`\377` is byte 255). */
function run(program: string[], args: string): { out: string; err: string } {
  const r = spawnSync("sh", ["-c", `exec "$@" ${args}`, "sh", ...program], { encoding: "latin1", cwd: "/tmp" });
  return { out: r.stdout, err: r.stderr.replace(/^Try .*\n/m, "") };
}

const cases = [
  `--eval -E "$(printf '"\\377\\376 \\303\\251"')"`,
  `--eval --argstr x "$(printf 'a\\377')" -E '{ x }: builtins.stringLength x'`,
  `--eval -A "$(printf 'b\\377')" -E '{ a = 1; }'`,
  `--eval "$(printf '/nonexistent/\\377.nix')"`,
];

describe.skipIf(reason)("arguments that are not UTF-8", () => {
  it.each(cases)("%s", (args) => {
    const ours = run([process.execPath, bin], args);
    const nix = run([nix28.bin("nix-instantiate")], args);
    expect(ours).toEqual(nix);
  });
});
