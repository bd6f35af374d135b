// Error output of the CLI against nix-instantiate 2.8: every expression of
// test/cli/data/errors/cases.txt under several flag sets, with stdout and stderr compared byte for
// byte (messages, positions, code frames, `--show-trace` frames, the `--show-trace` hint,
// "Did you mean" lines, and what --json/--xml leave on stdout when they fail); and the full
// stderr of every failing case of Nix's tests/lang.

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { announceSkip, langTestsDir, repoRoot, skipReason } from "../support/oracle.js";
import { nix28 } from "../support/oracle.js";

const reason = skipReason();
announceSkip("cli errors", reason);
const dir = path.join(repoRoot, "test/cli/data/errors");
const cases = readFileSync(path.join(dir, "cases.txt"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "" && !l.startsWith("#"));
const flagSets = [
  ["--eval"],
  ["--eval", "--strict"],
  ["--eval", "--strict", "--show-trace"],
  ["--eval", "--json"],
  ["--eval", "--json", "--strict"],
  ["--eval", "--xml", "--strict"],
];

function nix(argv: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(nix28.bin("nix-instantiate"), argv, { cwd: dir, encoding: "latin1", env: { PATH: process.env["PATH"], HOME: process.env["HOME"] } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const langReason = skipReason({ nix: true, langTests: true });

describe.skipIf(!!langReason)("tests/lang failures: full stderr vs nix-instantiate", () => {
  const tests = path.dirname(langTestsDir);
  const files = () => readdirSync(langTestsDir).filter((f) => /^(eval|parse)-fail-.*\.nix$/.test(f)).map((f) => `lang/${f}`);
  for (const flags of [["--eval", "--strict"], ["--eval", "--strict", "--show-trace"]])
    it(`every eval-fail and parse-fail case with ${flags.join(" ")}`, async () => {
      const differ: string[] = [];
      const list = files();
      for (const f of list) {
        const r = spawnSync(nix28.bin("nix-instantiate"), [...flags, f], { cwd: tests, encoding: "latin1", env: { PATH: process.env["PATH"], HOME: process.env["HOME"] } });
        const ours = await runCli([...flags, f], tests);
        if (ours.err !== r.stderr) differ.push(`${f}\n--- nix:\n${r.stderr}\n--- nixts:\n${ours.err}`);
      }
      expect(list.length).toBeGreaterThan(25);
      expect(differ.slice(0, 3)).toEqual([]);
    });
});

describe.skipIf(!!reason)("error output vs nix-instantiate", () => {
  for (const flags of flagSets)
    it(`${cases.length} expressions with ${flags.join(" ")}`, async () => {
      const differ: string[] = [];
      for (const e of cases) {
        const argv = [...flags, "-E", Buffer.from(e, "utf8").toString("latin1")];
        const theirs = nix(argv);
        const ours = await runCli(argv, dir);
        // Usage errors name the program: ours is nixts.
        ours.err = ours.err.replace(/^Try 'nixts --help'/m, "Try 'nix-instantiate --help'");
        if (ours.out !== theirs.out || ours.err !== theirs.err || (ours.code === 0) !== (theirs.code === 0))
          differ.push(`${e}\n--- nix (${theirs.code}):\n${theirs.out}\n${theirs.err}\n--- nixts (${ours.code}):\n${ours.out}\n${ours.err}`);
      }
      expect(differ.slice(0, 3)).toEqual([]);
    });
});
