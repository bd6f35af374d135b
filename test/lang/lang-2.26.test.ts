// Nix 2.26.3's own language tests (tests/functional/lang), run as its lang.sh runs them, with
// nixts in 2.26 mode (`--nix-version 2.26`): from tests/functional, with the tests' nix.conf
// (show-trace, experimental features nix-command and flakes), TEST_VAR=foo, `.flags` files
// (eval-fail default `--eval --strict --show-trace`), NIX_PATH=lang/dir3:lang/dir4 and
// HOME=/fake-home for eval-okay, the working directory written as /pwd, `.postprocess` scripts,
// and stdout and stderr compared byte for byte with `.exp`/`.err.exp` (a missing one means empty).
//
// 2.26 mode is not complete yet. The cases it does not pass yet are listed in
// known-failures-2.26.txt and run as expected failures (`it.fails`): one that starts passing
// fails the suite until it leaves the list, so the list only shrinks. Regenerate the list with
// `NIXTS_ACCEPT_LANG_2_26=1 npx vitest run test/lang/lang-2.26.test.ts` and review its diff.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { announceSkip, oracle, repoRoot } from "../support/oracle.js";

const nix = oracle("2.26");
const reason = nix.skipReason({ nix: false, langTests: true });
announceSkip("tests/functional/lang 2.26", reason);
const langDir = nix.langTestsDir;
const testsDir = path.dirname(langDir);
const knownFile = path.join(repoRoot, "test/lang/known-failures-2.26.txt");
const accept = process.env["NIXTS_ACCEPT_LANG_2_26"] === "1";
const known = new Set(
  existsSync(knownFile) ? readFileSync(knownFile, "utf8").split("\n").map((l) => l.replace(/#.*/, "").trim()).filter((l) => l !== "") : [],
);
// lang.sh runs every case but the eval-okay ones with an `.exp-disabled`.
const names = reason
  ? []
  : readdirSync(langDir)
      .filter((f) => /^(parse|eval)-(okay|fail)-.*\.nix$/.test(f))
      .map((f) => f.slice(0, -4))
      .filter((n) => !existsSync(path.join(langDir, `${n}.exp-disabled`)))
      .sort();

const read = (file: string) => (existsSync(file) ? readFileSync(file, "latin1") : "");
/** lang.sh's `sed "s!$(pwd)!/pwd!g"`. */
const pwdless = (s: string) => s.split(testsDir).join("/pwd");

/** Runs a `.postprocess` script on text lang.sh would have written to `lang/NAME.EXT`. */
function postprocess(name: string, ext: string, text: string): string {
  const script = path.join(langDir, `${name}.postprocess`);
  if (!existsSync(script)) return text;
  const dir = mkdtempSync(path.join(tmpdir(), "nixts-lang-"));
  writeFileSync(path.join(dir, `${name}.${ext}`), text, "latin1");
  execFileSync("bash", [script, path.join(dir, name)]);
  return readFileSync(path.join(dir, `${name}.${ext}`), "latin1");
}

/** What lang.sh checks for one case: whether it passes, and a description of the first difference. */
async function check(name: string): Promise<{ ok: boolean; why: string }> {
  const file = `lang/${name}.nix`;
  const base = path.join(langDir, name);
  // The nix.conf of 2.26's functional tests (common/init.sh): show-trace, flakes enabled.
  const env = { TEST_VAR: "foo", NIX_REMOTE: "dummy://", NIX_STORE_DIR: "/nix/store", NIX_CONFIG: "experimental-features = nix-command flakes\nshow-trace = true\n" };
  const flagsOf = (fallback: string[]) =>
    existsSync(`${base}.flags`) ? readFileSync(`${base}.flags`, "latin1").replace(/#.*/g, "").trim().split(/\s+/).filter((f) => f !== "") : fallback;
  const cmp = (what: string, got: string, want: string) => (got === want ? "" : `${what} differs:\n--- got\n${got}\n--- want\n${want}`);
  const stdin = () => readFileSync(path.join(testsDir, file), "latin1");
  const v = ["--nix-version", "2.26"];
  let r;
  let why = "";
  if (name.startsWith("parse-fail-")) {
    r = await runCli([...v, "--parse", "-"], testsDir, env, stdin());
    why = r.code !== 1 ? `exit ${r.code}, not 1` : cmp("stderr", postprocess(name, "err", r.err), read(`${base}.err.exp`));
  } else if (name.startsWith("parse-okay-")) {
    r = await runCli([...v, "--parse", "-"], testsDir, env, stdin());
    why = r.code !== 0 ? `exit ${r.code}: ${r.err}` : cmp("stdout", postprocess(name, "out", pwdless(r.out)), read(`${base}.exp`)) || cmp("stderr", pwdless(r.err), read(`${base}.err.exp`));
  } else if (name.startsWith("eval-fail-")) {
    r = await runCli([...v, ...flagsOf(["--eval", "--strict", "--show-trace"]), file], testsDir, env);
    why = r.code !== 1 ? `exit ${r.code}, not 1` : cmp("stderr", postprocess(name, "err", pwdless(r.err)), read(`${base}.err.exp`));
  } else if (existsSync(`${base}.exp.xml`)) {
    r = await runCli([...v, "--eval", "--xml", "--no-location", "--strict", file], testsDir, env);
    why = r.code !== 0 ? `exit ${r.code}: ${r.err}` : cmp("stdout", r.out, read(`${base}.exp.xml`));
  } else {
    r = await runCli([...v, ...flagsOf([]), "--eval", "--strict", file], testsDir, { ...env, NIX_PATH: "lang/dir3:lang/dir4", HOME: "/fake-home" });
    why = r.code !== 0 ? `exit ${r.code}: ${r.err}` : cmp("stdout", postprocess(name, "out", pwdless(r.out)), read(`${base}.exp`)) || cmp("stderr", pwdless(r.err), read(`${base}.err.exp`));
  }
  return { ok: why === "", why };
}

const tally: Record<string, { pass: number; total: number }> = {};
const failing: string[] = [];

describe.skipIf(!!reason)("Nix 2.26 tests/functional/lang, nixts in 2.26 mode", () => {
  for (const name of names) {
    const cat = name.split("-").slice(0, 2).join("-");
    const body = async () => {
      const { ok, why } = await check(name);
      const t = (tally[cat] ??= { pass: 0, total: 0 });
      t.total++;
      if (ok) t.pass++;
      else failing.push(name);
      expect(why).toBe("");
    };
    if (accept) it(name, async () => void (await body().catch(() => undefined)));
    else if (known.has(name)) it.fails(`${name} (known failure)`, body);
    else it(name, body);
  }
  afterAll(() => {
    const lines = Object.entries(tally).map(([c, t]) => `  ${c}: ${t.pass}/${t.total}`);
    const total = Object.values(tally).reduce((a, t) => ({ pass: a.pass + t.pass, total: a.total + t.total }), { pass: 0, total: 0 });
    console.log(`tests/functional/lang 2.26 pass counts (nixts --nix-version 2.26):\n${lines.join("\n")}\n  all: ${total.pass}/${total.total}`);
    if (accept)
      writeFileSync(
        knownFile,
        "# Cases of Nix 2.26's tests/functional/lang that nixts's 2.26 mode does not pass yet (see lang-2.26.test.ts).\n" +
          failing.sort().join("\n") +
          "\n",
      );
  });
});
