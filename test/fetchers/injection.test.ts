// Option injection through the Node fetcher and store: option-shaped URLs, refs, revisions and
// paths on every subprocess the fetchers run (node, git, nix-store). Each attack names a sentinel
// file it would create or overwrite if user text reached a command line as an option; the test
// checks that the file is untouched and that the evaluation fails with a NixError.

import * as fs from "node:fs";
import { execFileSync } from "node:child_process";
import { nixString as nixStr } from "../support/oracle.js";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NixError } from "../../src/errors.js";
import { nodeFetcher } from "../../src/node/fetcher-node.js";
import { runNixts } from "./harness.js";

let dir = "";
let repo = "";
let sentinel = "";
const ORIGINAL = "untouched\n";

function gitIn(cwd: string, args: string[]): void {
  const env = { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@e.invalid", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@e.invalid" };
  execFileSync("git", ["-c", "init.defaultBranch=main", ...args], { cwd, env, stdio: "ignore" });
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(tmpdir(), "nixts-injection-"));
  repo = path.join(dir, "repo");
  fs.mkdirSync(repo);
  gitIn(repo, ["init", "-q"]);
  fs.writeFileSync(path.join(repo, "f"), "f\n");
  gitIn(repo, ["add", "f"]);
  gitIn(repo, ["commit", "-qm", "one"]);
  // A script a `--require` / `-r` option would load.
  fs.writeFileSync(path.join(dir, "evil.cjs"), `require("fs").writeFileSync(${JSON.stringify(path.join(dir, "sentinel"))}, "owned");\n`);
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs one attack with a fresh sentinel and returns what nixts said. */
function attack(makeExpr: (sentinel: string, dir: string) => string): { err?: string; out?: string } {
  sentinel = path.join(dir, "sentinel");
  fs.writeFileSync(sentinel, ORIGINAL);
  const r = runNixts(makeExpr(sentinel, dir));
  expect(fs.readFileSync(sentinel, "utf8"), "the sentinel file was written").toBe(ORIGINAL);
  return r;
}


describe("no user text reaches a command line as an option", () => {
  const urls: Array<[string, (s: string, d: string) => string]> = [
    ["node --eval", (s) => `--eval=require('fs').writeFileSync(${JSON.stringify(s)},'owned')`],
    ["node -e", (s) => `-e require('fs').writeFileSync(${JSON.stringify(s)},'owned')`],
    ["node --require", (_s, d) => `--require=${d}/evil.cjs`],
    ["node -r", (_s, d) => `-r${d}/evil.cjs`],
  ];
  for (const [name, url] of urls) {
    it(`fetchurl and fetchTarball refuse an option-shaped URL (${name})`, () => {
      for (const builtin of ["fetchurl", "fetchTarball"]) {
        const r = attack((s, d) => `builtins.${builtin} ${nixStr(url(s, d))}`);
        expect(r.err).toMatch(/^unable to download '/);
      }
    });
  }

  it("fetchGit refuses a ref that looks like a git option, locally and with submodules", () => {
    for (const extra of ["", "submodules = true;", "allRefs = true;"]) {
      for (const ref of [`--output=SENTINEL`, `-oSENTINEL`]) {
        const r = attack((s) => `builtins.fetchGit { url = ${nixStr("file://" + repo)}; ref = ${nixStr(ref.replace("SENTINEL", s))}; ${extra} }`);
        expect(r.err).toBe("unknown hash algorithm ''");
      }
    }
  });

  it("fetchGit refuses an option-shaped rev before running git", () => {
    const r = attack((s) => `builtins.fetchGit { url = ${nixStr("file://" + repo)}; rev = ${nixStr(`--output=${s}`)}; }`);
    expect(r.err).toBe("unknown hash algorithm ''");
  });

  it("fetchGit never hands an option-shaped URL to git", () => {
    const urls = [
      (s: string) => `--upload-pack=touch ${s}`,
      (s: string) => `ext::sh -c touch% ${s}`,
      (s: string) => `ext::sh -c "echo owned > ${s}"`,
      (s: string) => `ssh://-oProxyCommand=touch ${s}/x`,
    ];
    for (const url of urls) {
      const r = attack((s) => `builtins.fetchGit ${nixStr(url(s))}`);
      expect(r.err).toBeDefined();
    }
  });

  it("the Node fetcher itself rejects an option-shaped revision from any caller", () => {
    sentinel = path.join(dir, "sentinel");
    fs.writeFileSync(sentinel, ORIGINAL);
    const f = nodeFetcher({ toolStderr: "ignore", printError: () => {} });
    const req = { url: "file://" + repo, ref: "main", rev: `--output=${sentinel}`, shallow: false, submodules: false, allRefs: false, warn: () => {} };
    expect(() => f.fetchGit(req)).toThrow(NixError);
    expect(() => f.fetchGit({ ...req, submodules: true })).toThrow(NixError);
    expect(fs.readFileSync(sentinel, "utf8")).toBe(ORIGINAL);
  });
});
