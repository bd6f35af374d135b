// nixpkgs lib's own test suites (../shared/corpus/nixpkgs-lib) under nixts, with the results
// Nix 2.8 gives: misc.nix and systems.nix evaluate to [ ], check-eval.nix to null (through the
// CLI in-process), and lib/tests/modules.sh passes 170 checks with nixts standing in for
// nix-instantiate on PATH (scripts/nixts-as-nix-instantiate). Skips only outside CI.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli as runInCli } from "../support/cli.js";
import { announceSkip, oracle, repoRoot, sharedDir, sharedSkipReason } from "../support/oracle.js";

const corpusDir = path.join(sharedDir, "corpus/nixpkgs-lib");
const reason = sharedSkipReason();
announceSkip("nixpkgs lib tests", reason);

const shimDir = path.join(repoRoot, "scripts/nixts-as-nix-instantiate");
const cliJs = path.join(repoRoot, "dist/cli/nixts.cjs");

/** Runs the nixts CLI in-process from the corpus folder. */
const runCli = (argv: string[]) => runInCli(argv, corpusDir);

/** Runs a command to completion, collecting its output. */
function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString("latin1")));
    child.stderr.on("data", (d: Buffer) => (err += d.toString("latin1")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

describe.skipIf(!!reason)("nixpkgs lib tests under nixts", () => {
  const expected: Array<[string, string]> = [
    ["lib/tests/misc.nix", "[ ]\n"],
    ["lib/tests/systems.nix", "[ ]\n"],
    ["lib/tests/check-eval.nix", "null\n"],
  ];
  for (const [file, want] of expected) {
    it(`${file} evaluates to ${want.trim()}`, async () => {
      const r = await runCli(["--eval", "--strict", file]);
      // A failing misc.nix test prints as a non-empty list of { name, expected, result }.
      expect({ code: r.code, out: r.out, err: r.err }, `stderr:\n${r.err}`).toEqual({ code: 0, out: want, err: "" });
    });
  }

  it("lib/tests/modules.sh: 170 pass, 0 fail", { timeout: 1_800_000 }, async () => {
    expect(existsSync(cliJs), `${cliJs} is missing: build with npm run build`).toBe(true);
    // modules.sh only reads the corpus (it cds into lib/tests/modules and calls nix-instantiate).
    const r = await run("bash", ["lib/tests/modules.sh"], {
      cwd: corpusDir,
      env: { ...process.env, PATH: `${shimDir}${path.delimiter}${process.env["PATH"] ?? ""}`, NIXTS_NODE: process.execPath },
    });
    const summary = /====== module tests ======\s*\n(\d+) Pass\s*\n(\d+) Fail/.exec(r.out);
    const report = `exit ${r.code}\n--- stdout (tail) ---\n${r.out.slice(-3000)}\n--- stderr (tail) ---\n${r.err.slice(-6000)}`;
    expect(summary, `modules.sh stopped before its summary:\n${report}`).not.toBeNull();
    expect({ pass: Number(summary![1]), fail: Number(summary![2]), code: r.code }, report).toEqual({ pass: 170, fail: 0, code: 0 });
  });
});

// nixpkgs lib of 2026-01 (../shared/corpus/nixpkgs-lib-2026) needs Nix >= 2.18: nixts in 2.26
// mode, compared with Nix 2.26.3 itself (stdout, stderr with its deprecation warnings, status).
const corpus2026 = path.join(sharedDir, "corpus/nixpkgs-lib-2026");
const nix226 = oracle("2.26");
const reason2026 = sharedSkipReason() ?? nix226.skipReason();
announceSkip("nixpkgs lib 2026 tests (2.26 mode)", reason2026);

describe.skipIf(!!reason2026)("nixpkgs lib 2026 tests under nixts --nix-version 2.26", () => {
  for (const file of ["lib/tests/misc.nix", "lib/tests/systems.nix"])
    it(`${file} evaluates to [ ] as in Nix 2.26`, async () => {
      const want = nix226.run("nix-instantiate", ["--eval", "--strict", file], { cwd: corpus2026 });
      const r = await runInCli(["--nix-version", "2.26", "--eval", "--strict", file], corpus2026);
      expect(String(want.stdout)).toBe("[ ]\n");
      expect({ code: r.code, out: r.out, err: r.err }).toEqual({ code: want.status, out: String(want.stdout), err: String(want.stderr) });
    });

  it("lib/tests/modules.sh: 401 pass, 0 fail (as with Nix 2.26)", { timeout: 1_800_000 }, async () => {
    expect(existsSync(cliJs), `${cliJs} is missing: build with npm run build`).toBe(true);
    const r = await run("bash", ["lib/tests/modules.sh"], {
      cwd: corpus2026,
      env: { ...process.env, PATH: `${shimDir}${path.delimiter}${process.env["PATH"] ?? ""}`, NIXTS_NODE: process.execPath, NIXTS_NIX_VERSION: "2.26" },
    });
    const summary = /====== module tests ======\s*\n(\d+) Pass\s*\n(\d+) Fail/.exec(r.out);
    const report = `exit ${r.code}\n--- stdout (tail) ---\n${r.out.slice(-3000)}\n--- stderr (tail) ---\n${r.err.slice(-6000)}`;
    expect(summary, `modules.sh stopped before its summary:\n${report}`).not.toBeNull();
    expect({ pass: Number(summary![1]), fail: Number(summary![2]), code: r.code }, report).toEqual({ pass: 401, fail: 0, code: 0 });
  });
});
