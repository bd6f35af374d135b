// Nix 2.8's own language tests (tests/lang), run exactly as its lang.sh runs them: from tests/,
// TEST_VAR=foo, NIX_PATH=lang/dir3:lang/dir4, `.flags` files, `--xml --no-location` for
// `.exp.xml`; eval-okay output compared byte for byte. Prints pass counts per category. The
// eval-okay files without an expectation (lang.sh skips them) are compared with real Nix's output.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli as runInCli } from "../support/cli.js";
import { announceSkip, langTestsDir, skipReason } from "../support/oracle.js";
import { nix28 } from "../support/oracle.js";

const reason = skipReason({ nix: false, langTests: true });
announceSkip("tests/lang", reason);
const nixReason = skipReason({ langTests: true });
const testsDir = path.dirname(langTestsDir);
const names = reason ? [] : readdirSync(langTestsDir).filter((f) => f.endsWith(".nix")).map((f) => f.slice(0, -4)).sort();

/** Runs the CLI in-process from tests/, as lang.sh runs nix-instantiate. */
const runCli = (argv: string[], env: Record<string, string>, stdin = "") => runInCli(argv, testsDir, env, stdin);

const tally: Record<string, { pass: number; total: number }> = {};
function count(cat: string, ok: boolean) {
  const t = (tally[cat] ??= { pass: 0, total: 0 });
  t.total++;
  if (ok) t.pass++;
}

describe.skipIf(!!reason)("Nix 2.8 tests/lang", () => {
  for (const name of names) {
    const file = `lang/${name}.nix`;
    const cat = name.replace(/-[^-]*$/, "").split("-").slice(0, 2).join("-");
    if (name.startsWith("parse-fail-")) {
      it(name, async () => {
        const r = await runCli(["--parse", "-"], { TEST_VAR: "foo" }, readFileSync(path.join(testsDir, file), "latin1"));
        count(cat, r.code !== 0);
        expect(r.code).not.toBe(0);
      });
    } else if (name.startsWith("parse-okay-")) {
      it(name, async () => {
        const r = await runCli(["--parse", "-"], { TEST_VAR: "foo" }, readFileSync(path.join(testsDir, file), "latin1"));
        count(cat, r.code === 0);
        expect(r.err).toBe("");
        expect(r.code).toBe(0);
      });
    } else if (name.startsWith("eval-fail-")) {
      it(name, async () => {
        const r = await runCli(["--eval", file], { TEST_VAR: "foo" });
        const ok = r.code !== 0 && r.err.startsWith("error: ") && !r.err.includes("internal error");
        count(cat, ok);
        expect(r.err).toMatch(/^error: /);
        expect(r.err).not.toContain("internal error");
        expect(r.code).not.toBe(0);
      });
    } else if (name.startsWith("eval-okay-")) {
      const exp = path.join(langTestsDir, `${name}.exp`);
      const expXml = path.join(langTestsDir, `${name}.exp.xml`);
      if (existsSync(exp)) {
        it(name, async () => {
          const flagsFile = path.join(langTestsDir, `${name}.flags`);
          const flags = existsSync(flagsFile) ? readFileSync(flagsFile, "latin1").trim().split(/\s+/) : [];
          const r = await runCli([...flags, "--eval", "--strict", file], { TEST_VAR: "foo", NIX_PATH: "lang/dir3:lang/dir4" });
          const want = readFileSync(exp, "latin1");
          count(cat, r.code === 0 && r.out === want);
          expect(r.err.split("\n").filter((l) => l.startsWith("error")).join("\n")).toBe("");
          expect(r.out).toBe(want);
        });
      }
      if (!existsSync(exp) && !existsSync(expXml)) {
        // lang.sh skips these (no expectation); real Nix 2.8 evaluates them, so compare with it.
        it.skipIf(!!nixReason)(`${name} (no .exp: compared with real Nix)`, async () => {
          const argv = ["--eval", "--strict", file];
          const env = { TEST_VAR: "foo", NIX_PATH: "lang/dir3:lang/dir4" };
          const want = execFileSync(nix28.bin("nix-instantiate"), argv, { cwd: testsDir, env: { ...process.env, ...env }, encoding: "latin1" });
          const r = await runCli(argv, env);
          expect(r.err).toBe("");
          expect(r.out).toBe(want);
        });
      }
      if (existsSync(expXml)) {
        it(`${name} (xml)`, async () => {
          const r = await runCli(["--eval", "--xml", "--no-location", "--strict", file], { TEST_VAR: "foo" });
          const want = readFileSync(expXml, "latin1");
          count("eval-okay-xml", r.code === 0 && r.out === want);
          expect(r.out).toBe(want);
        });
      }
    }
  }
  afterAll(() => {
    const lines = Object.entries(tally).map(([c, t]) => `  ${c}: ${t.pass}/${t.total}`);
    console.log(`tests/lang pass counts:\n${lines.join("\n")}`);
  });
});
