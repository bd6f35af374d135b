// Restricted and pure evaluation (`--option restrict-eval true`, `--option pure-eval true`,
// `allowed-uris`, `--restrict-eval`, NIX_CONFIG): what untrusted code may read, fetch and see,
// compared byte for byte (stdout, stderr, exit code) with Nix 2.8 on a fixture of files, a
// symlink out of the allowed tree and a git repository outside it.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { announceSkip, nix28 } from "../support/oracle.js";

const reason = nix28.skipReason();
announceSkip("restricted evaluation", reason);

describe.skipIf(reason)("restricted and pure evaluation", () => {
  const root = mkdtempSync(path.join(tmpdir(), "nixts-restrict-"));
  const tree = path.join(root, "tree");
  const repo = path.join(root, "repo");
  mkdirSync(path.join(tree, "sub"), { recursive: true });
  writeFileSync(path.join(tree, "sub/a.nix"), '"hello"\n');
  writeFileSync(path.join(tree, "main.nix"), "builtins.readFile ./sub/a.nix\n");
  writeFileSync(path.join(root, "secret"), "s3cret\n");
  symlinkSync(path.join(root, "secret"), path.join(tree, "sub/link"));
  mkdirSync(repo);
  const git = (...a: string[]) => execFileSync("git", ["-c", "user.email=a@b", "-c", "user.name=a", ...a], { cwd: repo, stdio: "ignore" });
  git("init", "-q");
  writeFileSync(path.join(repo, "f"), "x\n");
  git("add", "f");
  git("commit", "-qm", "x");
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const exprs = [
    `builtins.readFile ${root}/secret`,
    `builtins.pathExists ${root}/secret`,
    `import ${tree}/sub/a.nix`,
    `builtins.readFile ${tree}/sub/link`,
    `builtins.pathExists ${tree}/sub/link`,
    `builtins.readDir ${tree}/sub`,
    `builtins.hashFile "sha256" ${tree}/sub/a.nix`,
    `"\${${root}/secret}"`,
    `builtins.filterSource (p: t: true) ${tree}/sub`,
    `builtins.path { path = ${root}; }`,
    `builtins.storePath /nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-x`,
    `builtins.getEnv "HOME"`,
    `builtins.fetchurl "http://example.invalidx/y"`,
    `(builtins.fetchGit ${repo}).outPath`,
    `import <x/sub/a.nix>`,
    `<x>`,
    `builtins.nixPath`,
    `builtins ? currentTime`,
    `builtins ? currentSystem`,
    `__currentTime`,
    `builtins.length (builtins.attrNames builtins)`,
  ];
  const modes: string[][] = [
    ["--option", "restrict-eval", "true"],
    ["--option", "restrict-eval", "true", "-I", `x=${tree}`, "--option", "allowed-uris", "http://example.invalid https://x"],
    ["--option", "pure-eval", "true", "-I", `x=${tree}`],
  ];
  const cases: string[][] = [];
  for (const m of modes) for (const e of exprs) cases.push(["--eval", "--strict", ...m, "-E", e]);
  // Fetches refused before any download (an allowed one would go to the network).
  cases.push(
    ["--eval", "--option", "restrict-eval", "true", "-E", 'builtins.fetchurl "http://example.invalid/x"'],
    ["--eval", "--option", "pure-eval", "true", "-E", 'builtins.fetchTarball "http://example.invalid/x"'],
    [
      "--eval", "--option", "restrict-eval", "true", "--option", "allowed-uris", "http://example.invalid", "-E",
      'builtins.fetchTarball { url = "https://example.invalid/x.tgz"; sha256 = "0000000000000000000000000000000000000000000000000000"; }',
    ],
  );
  cases.push(
    ["--eval", "--option", "restrict-eval", "true", path.join(tree, "main.nix")],
    ["--eval", "--option", "restrict-eval", "true", "-I", tree, path.join(tree, "main.nix")],
    ["--eval", "--restrict-eval", "-E", 'builtins.getEnv "HOME"'],
    ["--eval", "--restrict-eval", "--no-restrict-eval", "-E", 'builtins.getEnv "HOME"'],
    ["--eval", "--option", "restrict-eval", "maybe", "--option", "no-such-setting", "1", "--option", "sandbox", "false", "-E", "1"],
  );

  it.each(cases.map((c) => [c.join(" "), c] as const))("%s", async (_, argv) => {
    const env = { HOME: "/home/nobody", NIX_PATH: "" };
    const nix = nix28.run("nix-instantiate", argv, { cwd: root, env: { PATH: process.env["PATH"], ...env } });
    const ours = await runCli([...argv], root, env);
    // `__currentTime` reads the clock: the two runs may fall in different seconds.
    const clockRead = argv.at(-1) === "__currentTime" && /^\d+\n$/.test(ours.out);
    const out = clockRead && Math.abs(Number(ours.out) - Number(nix.stdout)) <= 5 ? String(nix.stdout) : ours.out;
    expect({ out, err: ours.err, code: ours.code }).toEqual({ out: nix.stdout, err: nix.stderr, code: nix.status });
  });

  it("reads back copied sources but not toFile texts (read-write, as Nix writes them)", async () => {
    const nonce = `nixts-restrict-${process.pid}-${Date.now()}`;
    const exprs = [
      `builtins.readFile (builtins.toFile "${nonce}" "b")`,
      `builtins.attrNames (builtins.readDir (builtins.path { path = ${tree}/sub; name = "${nonce}-src"; }))`,
    ];
    try {
      for (const e of exprs) {
        const argv = ["--eval", "--strict", "--read-write-mode", "--option", "restrict-eval", "true", "-I", `x=${tree}`, "-E", e];
        const nix = nix28.run("nix-instantiate", argv, { cwd: root, env: { PATH: process.env["PATH"], HOME: "/home/nobody", NIX_PATH: "" } });
        const ours = await runCli(argv, root, { HOME: "/home/nobody", NIX_PATH: "" });
        expect({ out: ours.out, err: ours.err, code: ours.code }).toEqual({ out: nix.stdout, err: nix.stderr, code: nix.status });
      }
    } finally {
      // Only the paths this test made, which nothing refers to.
      const made = readdirSync("/nix/store").filter((n) => n.includes(nonce)).map((n) => `/nix/store/${n}`);
      if (made.length > 0) nix28.run("nix-store", ["--delete", ...made]);
    }
  });

  it("reads NIX_CONFIG", async () => {
    const env = { HOME: "/home/nobody", NIX_PATH: "", NIX_CONFIG: "restrict-eval = true\n# a comment\n" };
    const argv = ["--eval", "-E", `builtins.readFile ${root}/secret`];
    const nix = nix28.run("nix-instantiate", argv, { cwd: root, env: { PATH: process.env["PATH"], ...env } });
    const ours = await runCli(argv, root, env);
    expect({ out: ours.out, err: ours.err, code: ours.code }).toEqual({ out: nix.stdout, err: nix.stderr, code: nix.status });
  });
});
