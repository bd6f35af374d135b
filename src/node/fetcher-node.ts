// The Node.js fetcher: synchronous downloads (a child `node` process doing the HTTP request,
// so nothing beyond Node 20 is needed; file:// read directly), archive decompression (gzip via
// node:zlib, bzip2/xz/zstd via the system tools) and zip reading, and Git through the `git`
// command, following Nix 2.8's steps (dirty working trees, `git archive`, submodule checkouts).

import * as fs from "node:fs";
import { childProcess, zlib } from "./builtin-modules.js";
import { constants as bufferConstants } from "node:buffer";
import { tmpdir } from "node:os";
import path from "node:path";
import { HostError } from "../errors.js";
import { parseHash, printHash, type FileTree } from "../derivation/index.js";
import { download } from "./download.js";
import {
  parseTar,
  treeFromEntries,
  type ArchiveEntry,
  type Fetcher,
  type GitFetchRequest,
  type GitFetchResult,
  type HgFetchRequest,
  type HgFetchResult,
} from "../eval/fetcher.js";

/** Options of {@link nodeFetcher}. */
export interface NodeFetcherOptions {
  /** The `git` executable (default `git` on PATH). */
  readonly git?: string;
  /** The `hg` executable (default `hg` on PATH). */
  readonly hg?: string;
  /** Where the tools' own stderr goes: `inherit` (default, as Nix lets it through) or `ignore`. */
  readonly toolStderr?: "inherit" | "ignore";
  /** Writes a line to the user's stderr (default: process.stderr). */
  readonly printError?: (line: string) => void;
}

const MAX_BUFFER = Math.min(bufferConstants.MAX_LENGTH, 2 ** 32 - 1);
const latin1 = (s: string): Buffer => Buffer.from(s, "latin1");

/** The transports git may use, for the repository and its submodules alike (never `ext::`). */
const GIT_PROTOCOLS = "file:git:http:https:ssh";

/**
 * A commit id as Nix reads one (`Hash(text, htSHA1)`): 40 hex digits out, Nix's hash error for
 * anything else. Every revision handed to git goes through here, so none can be an option.
 */
function commitId(text: string): string {
  if (/^[0-9a-f]{40}$/.test(text)) return text;
  return printHash(parseHash(text, "sha1"), "base16");
}

// ---- archives ----

function startsWith(b: Uint8Array, sig: number[]): boolean {
  return sig.every((x, i) => b[i] === x);
}

/** Decompresses with a system tool reading stdin. */
function viaTool(tool: string, bytes: Uint8Array): Uint8Array {
  const r = childProcess().spawnSync(tool, ["-dc"], { input: bytes, maxBuffer: MAX_BUFFER, stdio: ["pipe", "pipe", "pipe"] });
  if (r.error) throw new HostError(`failed to open archive: cannot run '${tool}' to decompress (${r.error.message})`);
  if (r.status !== 0) throw new HostError(`failed to open archive: ${r.stderr.toString("utf8").trim() || tool + " failed"}`);
  return new Uint8Array(r.stdout);
}

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/** Reads a zip archive's members through its central directory (stored and deflated entries). */
function readZipEntries(b: Uint8Array): ArchiveEntry[] {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--)
    if (u32(b, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new HostError("failed to open archive: Unrecognized archive format");
  const count = u16(b, eocd + 10);
  let off = u32(b, eocd + 16);
  const out: ArchiveEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (u32(b, off) !== 0x02014b50) throw new HostError("failed to extract archive (Damaged zip archive)");
    const host = b[off + 5]!;
    const method = u16(b, off + 10);
    const compSize = u32(b, off + 20);
    const nameLen = u16(b, off + 28);
    const extraLen = u16(b, off + 30);
    const commentLen = u16(b, off + 32);
    const mode = host === 3 ? u32(b, off + 38) >>> 16 : 0;
    const local = u32(b, off + 42);
    const name = Buffer.from(b.subarray(off + 46, off + 46 + nameLen)).toString("latin1");
    off += 46 + nameLen + extraLen + commentLen;
    const dataStart = local + 30 + u16(b, local + 26) + u16(b, local + 28);
    const raw = b.subarray(dataStart, dataStart + compSize);
    const data = (): Uint8Array => (method === 0 ? raw.slice() : method === 8 ? new Uint8Array(zlib().inflateRawSync(raw)) : unsupported());
    const unsupported = (): never => {
      throw new HostError(`failed to extract archive (Unsupported ZIP compression method (${method}))`);
    };
    const kind = mode & 0o170000;
    if (name.endsWith("/") || kind === 0o040000) out.push({ path: name, type: "directory" });
    else if (kind === 0o120000) out.push({ path: name, type: "symlink", target: Buffer.from(data()).toString("latin1") });
    else out.push({ path: name, type: "regular", contents: data(), executable: (mode & 0o100) !== 0 });
  }
  return out;
}

function unpackTarball(bytes: Uint8Array): FileTree {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]))
    return treeFromEntries(readZipEntries(bytes));
  let tar = bytes;
  if (startsWith(bytes, [0x1f, 0x8b])) {
    try {
      tar = new Uint8Array(zlib().gunzipSync(bytes));
    } catch (e) {
      throw new HostError(`failed to extract archive (${(e as Error).message})`);
    }
  } else if (startsWith(bytes, [0x42, 0x5a, 0x68])) tar = viaTool("bzip2", bytes);
  else if (startsWith(bytes, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) tar = viaTool("xz", bytes);
  else if (startsWith(bytes, [0x28, 0xb5, 0x2f, 0xfd])) tar = viaTool("zstd", bytes);
  return parseTar(tar);
}

// ---- git ----

interface RunResult {
  status: number;
  stdout: Buffer;
  /** stdout and stderr together, when merged. */
  output: string;
}

/** Reads a directory from disk into a tree, keeping the children `keep` accepts (relative paths). */
function readTree(root: string, keep: (rel: string, isDir: boolean) => boolean): FileTree {
  const walk = (abs: string, rel: string): FileTree => {
    const st = fs.lstatSync(latin1(abs));
    if (st.isFile()) return { type: "regular", contents: new Uint8Array(fs.readFileSync(latin1(abs))), executable: (st.mode & 0o100) !== 0 };
    if (st.isSymbolicLink()) return { type: "symlink", target: fs.readlinkSync(latin1(abs), { encoding: "buffer" }).toString("latin1") };
    if (!st.isDirectory()) throw new HostError(`file '${abs}' has an unsupported type`);
    const entries: Record<string, FileTree> = Object.create(null) as Record<string, FileTree>;
    for (const nb of fs.readdirSync(latin1(abs), { encoding: "buffer" })) {
      const name = nb.toString("latin1");
      const childRel = rel === "" ? name : `${rel}/${name}`;
      const childAbs = `${abs}/${name}`;
      if (!keep(childRel, fs.lstatSync(latin1(childAbs)).isDirectory())) continue;
      entries[name] = walk(childAbs, childRel);
    }
    return { type: "directory", entries };
  };
  return walk(root, "");
}

class NodeFetcher implements Fetcher {
  private readonly downloads = new Map<string, Uint8Array>();
  private readonly gitExe: string;
  private readonly hgExe: string;
  private readonly toolStderr: "inherit" | "ignore";
  private readonly printError: (line: string) => void;

  constructor(options: NodeFetcherOptions) {
    this.gitExe = options.git ?? "git";
    this.hgExe = options.hg ?? "hg";
    this.toolStderr = options.toolStderr ?? "inherit";
    this.printError = options.printError ?? ((line) => process.stderr.write(latin1(line + "\n")));
  }

  download(url: string): Uint8Array {
    let b = this.downloads.get(url);
    if (!b) {
      b = download(url);
      this.downloads.set(url, b);
    }
    return b;
  }

  unpackTarball(bytes: Uint8Array): FileTree {
    return unpackTarball(bytes);
  }

  /** Runs a tool like Nix's `runProgram`: fails with `program 'git' failed with exit code N`. */
  private run(program: string, args: string[], opts: { merge?: boolean; allowFail?: boolean } = {}): RunResult {
    const r = childProcess().spawnSync(program, args, {
      env: { ...process.env, GIT_ALLOW_PROTOCOL: GIT_PROTOCOLS },
      maxBuffer: MAX_BUFFER,
      stdio: ["ignore", "pipe", opts.merge ? "pipe" : this.toolStderr],
    });
    if (r.error) {
      if ((r.error as NodeJS.ErrnoException).code === "ENOENT") {
        this.printError(`error: executing '${program}': No such file or directory`);
        throw new HostError(`program '${program}' failed with exit code 1`);
      }
      throw new HostError(`program '${program}' failed: ${r.error.message}`);
    }
    const status = r.status ?? 1;
    const stdout = r.stdout as Buffer;
    const output = stdout.toString("latin1") + (opts.merge && r.stderr ? (r.stderr as Buffer).toString("latin1") : "");
    if (status !== 0 && !opts.allowFail) {
      if (opts.merge && this.toolStderr === "inherit") process.stderr.write(r.stderr as Buffer);
      throw new HostError(
        r.signal ? `program '${program}' failed with signal ${r.signal}` : `program '${program}' failed with exit code ${status}`,
      );
    }
    return { status, stdout, output };
  }

  private git(args: string[], opts: { merge?: boolean; allowFail?: boolean } = {}): RunResult {
    return this.run(this.gitExe, args, opts);
  }

  private gitLine(args: string[]): string {
    return this.git(args).stdout.toString("latin1").replace(/\n+$/, "");
  }

  /** Whether a local working tree is clean, and whether it has a HEAD commit. */
  private workdirInfo(dir: string, submodules: boolean): { clean: boolean; hasHead: boolean } {
    const r = this.git(["-C", dir, "rev-parse", "--verify", "--no-revs", "HEAD^{commit}"], { merge: true, allowFail: true });
    if (r.output.includes("fatal: not a git repository")) throw new HostError(`'${dir}' is not a Git repository`);
    const noCommits = r.output.includes("fatal: Needed a single revision");
    if (r.status !== 0 && !noCommits)
      throw new HostError(`getting the HEAD of the Git tree '${dir}' failed with exit code ${r.status}:\n${r.output}`);
    const hasHead = r.status === 0;
    if (!hasHead) return { clean: false, hasHead };
    const args = ["-C", dir, "diff", "HEAD", "--quiet"];
    if (!submodules) args.push("--ignore-submodules");
    args.push("--");
    const d = this.git(args, { allowFail: true });
    if (d.status !== 0 && d.status !== 1) throw new HostError(`program 'git' failed with exit code ${d.status}`);
    return { clean: d.status === 0, hasHead };
  }

  /** The tracked files of a dirty working tree, as they are on disk. */
  private fetchWorkdir(dir: string, hasHead: boolean, req: GitFetchRequest): GitFetchResult {
    req.warn(`Git tree '${dir}' is dirty`);
    const args = ["-C", dir, "ls-files", "-z"];
    if (req.submodules) args.push("--recurse-submodules");
    const files = new Set(this.git(args).stdout.toString("latin1").split("\0").filter((f) => f !== ""));
    const sorted = [...files].sort();
    const hasUnder = (prefix: string): boolean => {
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid]! < prefix) lo = mid + 1;
        else hi = mid;
      }
      return lo < sorted.length && sorted[lo]!.startsWith(prefix);
    };
    const tree = readTree(dir, (rel, isDir) => (isDir ? hasUnder(rel + "/") : files.has(rel)));
    const lastModified = hasHead ? Number(this.gitLine(["-C", dir, "log", "-1", "--format=%ct", "--no-show-signature", "HEAD"])) : 0;
    return { tree, lastModified };
  }

  fetchGit(req: GitFetchRequest): GitFetchResult {
    let localPath: string | undefined;
    if (req.url.startsWith("file://")) {
      const rest = req.url.slice(7).replace(/[?#].*$/s, "");
      try {
        localPath = decodeURIComponent(rest);
      } catch {
        localPath = rest;
      }
    }
    const isLocal = localPath !== undefined && fs.existsSync(latin1(localPath + "/.git"));
    if (isLocal && req.ref === undefined && req.rev === undefined) {
      const info = this.workdirInfo(localPath!, req.submodules);
      if (!info.clean) return this.fetchWorkdir(localPath!, info.hasHead, req);
    }
    const ref = req.ref ?? (isLocal ? this.gitLine(["-C", localPath!, "rev-parse", "--abbrev-ref", "HEAD"]) : "master");
    const actualUrl = isLocal ? localPath! : req.url.replace(/[?#].*$/s, "");
    const temps: string[] = [];
    const mkTemp = () => {
      const t = fs.mkdtempSync(path.join(tmpdir(), "nixts-git-"));
      temps.push(t);
      return t;
    };
    try {
      let repoDir: string;
      let rev = req.rev === undefined ? undefined : commitId(req.rev);
      if (isLocal) {
        repoDir = actualUrl;
        // `git rev-parse` echoes an unknown option back, which Nix then fails to read as a
        // commit id; a ref that looks like an option gets that answer without running git.
        rev ??= commitId(ref.startsWith("-") ? ref : this.gitLine(["-C", repoDir, "rev-parse", ref]));
      } else {
        repoDir = mkTemp();
        this.git(["init", "--quiet", "--bare", repoDir]);
        const fetchRef = req.allRefs ? "refs/*" : ref.startsWith("refs/") || ref === "HEAD" ? ref : `refs/heads/${ref}`;
        this.git(["-C", repoDir, "fetch", "--quiet", "--force", "--", actualUrl, `${fetchRef}:${fetchRef}`]);
        rev ??= commitId(this.gitLine(["-C", repoDir, "rev-parse", ref.startsWith("refs/") || ref === "HEAD" ? ref : `refs/heads/${ref}`]));
      }
      if (this.gitLine(["-C", repoDir, "rev-parse", "--is-shallow-repository"]) === "true" && !req.shallow)
        throw new HostError(`'${actualUrl}' is a shallow Git repository, but a non-shallow repository is needed`);
      const cat = this.git(["-C", repoDir, "cat-file", "commit", rev], { merge: true, allowFail: true });
      if (cat.status === 128 && cat.output.includes("bad file"))
        throw new HostError(
          `Cannot find Git revision '${rev}' in ref '${ref}' of repository '${actualUrl}'! Please make sure that the rev exists on the ref you've specified or add allRefs = true; to fetchGit.`,
        );
      let tree: FileTree;
      if (req.submodules) {
        const work = mkTemp();
        const gitDir = mkTemp();
        this.git(["init", "--quiet", work, "--separate-git-dir", gitDir]);
        this.git(["-C", work, "fetch", "--quiet", "--force", "--update-head-ok", "--", repoDir, "refs/*:refs/*"]);
        this.git(["-C", work, "checkout", "--quiet", rev]);
        this.git(["-C", work, "remote", "add", "--", "origin", actualUrl]);
        this.git(["-C", work, "submodule", "--quiet", "update", "--init", "--recursive"]);
        tree = readTree(work, (rel) => !/(^|\/)\.git$/.test(rel));
      } else {
        tree = parseTar(new Uint8Array(this.git(["-C", repoDir, "archive", rev]).stdout));
      }
      const lastModified = Number(this.gitLine(["-C", repoDir, "log", "-1", "--format=%ct", "--no-show-signature", rev]));
      const revCount = req.shallow ? undefined : Number(this.gitLine(["-C", repoDir, "rev-list", "--count", rev]));
      return { tree, ref, rev, revCount, lastModified };
    } finally {
      for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
    }
  }

  fetchMercurial(_req: HgFetchRequest): HgFetchResult {
    const r = childProcess().spawnSync(this.hgExe, ["--version"], { stdio: "ignore" });
    if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") {
      this.printError(`error: executing '${this.hgExe}': No such file or directory`);
      throw new HostError("hg failed with exit code 1");
    }
    throw new HostError("fetchMercurial is not supported by nixts (only the error for a missing 'hg' is)");
  }
}

/**
 * A {@link Fetcher} for Node 20: HTTP(S) downloads through a child `node` process (no curl
 * needed), `file://` URLs read directly, archives via node:zlib and the system `bzip2`/`xz`/`zstd`,
 * Git via the `git` command. Downloads are cached per fetcher by URL, as Nix caches them.
 */
export function nodeFetcher(options: NodeFetcherOptions = {}): Fetcher {
  return new NodeFetcher(options);
}
