// The fetcher interface: how fetch builtins (fetchurl, fetchTarball, fetchGit, fetchMercurial)
// reach the network and tools. Injected through EvalOptions.fetcher; the Node implementation
// lives in src/node/fetcher-node.ts. Without a fetcher, fetch builtins fail with a NixError.
// Also a runtime-independent tar reader (ustar, GNU and pax extensions) producing a FileTree.

import { HostError } from "../errors.js";
import { byteString } from "../derivation/bytes.js";
import type { FileTree } from "../derivation/nar.js";

/** What {@link Fetcher.fetchGit} is asked for: the arguments of `builtins.fetchGit` after checking. */
export interface GitFetchRequest {
  /** The repository URL as Nix normalises it (`file:///abs/path`, `https://...`, `ssh://...`). */
  readonly url: string;
  /** Branch or tag (`ref`), if given. */
  readonly ref?: string;
  /** Full 40-hex commit id (`rev`), if given. */
  readonly rev?: string;
  readonly shallow: boolean;
  readonly submodules: boolean;
  readonly allRefs: boolean;
  /** Reports a warning (Nix prints `warning: MSG`), e.g. `Git tree '/x' is dirty`. */
  readonly warn: (message: string) => void;
}

/** What {@link Fetcher.fetchGit} returns: the exported tree and what Nix learns about it. */
export interface GitFetchResult {
  /** The tree at the commit (or the tracked files of a dirty working tree), without `.git`. */
  readonly tree: FileTree;
  /** The ref used (HEAD's branch for a local repository), absent for a dirty working tree. */
  readonly ref?: string;
  /** The commit id, absent for a dirty working tree. */
  readonly rev?: string;
  /** Number of commits reachable from `rev`, absent when shallow or dirty. */
  readonly revCount?: number;
  /** Commit time (seconds since the epoch) of `rev`, or of HEAD (0 if none) for a dirty tree. */
  readonly lastModified: number;
}

/** What {@link Fetcher.fetchMercurial} is asked for. */
export interface HgFetchRequest {
  readonly url: string;
  readonly ref?: string;
  readonly rev?: string;
  readonly warn: (message: string) => void;
}

/** What {@link Fetcher.fetchMercurial} returns. */
export interface HgFetchResult {
  readonly tree: FileTree;
  /** Branch (`default` when not given). */
  readonly ref: string;
  /** 40-hex changeset id. */
  readonly rev: string;
  readonly revCount: number;
}

/** Access to remote sources. All methods are synchronous, as evaluation is. */
export interface Fetcher {
  /**
   * Downloads a URL and returns its bytes; throws a NixError with Nix's wording on failure
   * (`unable to download 'URL': HTTP error 404 ('Not Found')...`).
   */
  download(url: string): Uint8Array;
  /**
   * Decompresses (gzip, bzip2, xz, zstd or none) and unpacks an archive (tar or zip) into a
   * directory tree holding all its top-level members. Throws `failed to open archive: ...` for
   * unrecognised data.
   */
  unpackTarball(bytes: Uint8Array): FileTree;
  /** Exports a Git tree as `builtins.fetchGit` does (local working trees, clones of remotes). */
  fetchGit(request: GitFetchRequest): GitFetchResult;
  /** Fetches a Mercurial repository; fails as Nix does when `hg` is not installed. */
  fetchMercurial?(request: HgFetchRequest): HgFetchResult;
}

// ---------------------------------------------------------------------------------------------
// Tar reading

/** A directory being built: entries by byte-string name. */
interface MutDir {
  type: "directory";
  entries: Map<string, MutNode>;
}
type MutNode = MutDir | { type: "regular"; contents: Uint8Array; executable: boolean } | { type: "symlink"; target: string };

const BLOCK = 512;

function cString(b: Uint8Array, start: number, len: number): string {
  let end = start;
  while (end < start + len && b[end] !== 0) end++;
  return byteString(b.subarray(start, end));
}

/** A numeric header field: octal text, or GNU base-256 when the high bit is set. */
function numField(b: Uint8Array, start: number, len: number): number {
  if (b[start]! & 0x80) {
    let n = b[start]! & 0x7f;
    for (let i = start + 1; i < start + len; i++) n = n * 256 + b[i]!;
    return n;
  }
  const s = cString(b, start, len).trim();
  if (s === "") return 0;
  if (!/^[0-7]+$/.test(s)) throw new HostError("failed to extract archive (Damaged tar archive)");
  return parseInt(s, 8);
}

function checksumOk(b: Uint8Array, off: number): boolean {
  let stored: number;
  try {
    stored = numField(b, off + 148, 8);
  } catch {
    return false;
  }
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : b[off + i]!;
  return sum === stored;
}

function isZeroBlock(b: Uint8Array, off: number): boolean {
  for (let i = off; i < off + BLOCK; i++) if (b[i] !== 0) return false;
  return true;
}

/** Splits an archive path into components, dropping `.`, empty ones and a leading `/`. */
function components(path: string): string[] {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) throw new HostError("failed to extract archive (Path contains '..')");
  return parts;
}

function parentDir(root: MutDir, parts: string[]): MutDir {
  let dir = root;
  for (const p of parts.slice(0, -1)) {
    let next = dir.entries.get(p);
    if (!next || next.type !== "directory") {
      next = { type: "directory", entries: new Map() };
      dir.entries.set(p, next);
    }
    dir = next;
  }
  return dir;
}

function lookup(root: MutDir, parts: string[]): MutNode | undefined {
  let node: MutNode = root;
  for (const p of parts) {
    if (node.type !== "directory") return undefined;
    const next: MutNode | undefined = node.entries.get(p);
    if (!next) return undefined;
    node = next;
  }
  return node;
}

/** Parses pax `LEN key=value\n` records. */
function paxRecords(data: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const s = byteString(data);
  let i = 0;
  while (i < s.length) {
    const sp = s.indexOf(" ", i);
    if (sp < 0) break;
    const len = parseInt(s.slice(i, sp), 10);
    if (!(len > 0)) break;
    const rec = s.slice(sp + 1, i + len - 1);
    const eq = rec.indexOf("=");
    if (eq > 0) out.set(rec.slice(0, eq), rec.slice(eq + 1));
    i += len;
  }
  return out;
}

/** Converts the mutable tree into a {@link FileTree} (null-prototype entry records). */
function freezeTree(n: MutNode): FileTree {
  if (n.type !== "directory") return n;
  const entries: Record<string, FileTree> = Object.create(null) as Record<string, FileTree>;
  for (const [k, v] of n.entries) entries[k] = freezeTree(v);
  return { type: "directory", entries };
}

/** One member of an archive, in archive order (see {@link treeFromEntries}). */
export type ArchiveEntry =
  | { readonly path: string; readonly type: "regular"; readonly contents: Uint8Array; readonly executable: boolean }
  | { readonly path: string; readonly type: "directory" }
  | { readonly path: string; readonly type: "symlink"; readonly target: string }
  /** A hard link to an earlier member `target` (an archive path). */
  | { readonly path: string; readonly type: "hardlink"; readonly target: string }
  /** A device node, FIFO, ...: a NAR cannot hold it. */
  | { readonly path: string; readonly type: "other" };

/**
 * Builds the directory tree an archive's members leave when extracted into an empty
 * directory: parents are created as needed, later members replace earlier ones, a hard link
 * copies its target, `.` components and a leading `/` are dropped, `..` is refused.
 */
export function treeFromEntries(members: Iterable<ArchiveEntry>): FileTree {
  const root: MutDir = { type: "directory", entries: new Map() };
  for (const m of members) {
    const parts = components(m.path);
    if (parts.length === 0) continue;
    const dir = parentDir(root, parts);
    const base = parts[parts.length - 1]!;
    switch (m.type) {
      case "regular":
        dir.entries.set(base, { type: "regular", contents: m.contents, executable: m.executable });
        break;
      case "hardlink": {
        const target = lookup(root, components(m.target));
        if (!target) throw new HostError(`failed to extract archive (Hard-link target '${m.target}' does not exist.)`);
        dir.entries.set(base, target);
        break;
      }
      case "symlink":
        dir.entries.set(base, { type: "symlink", target: m.target });
        break;
      case "directory": {
        const existing = dir.entries.get(base);
        if (!existing || existing.type !== "directory") dir.entries.set(base, { type: "directory", entries: new Map() });
        break;
      }
      default:
        throw new HostError(`file '${m.path}' has an unsupported type`);
    }
  }
  return freezeTree(root);
}

/**
 * Reads an uncompressed tar archive (ustar, GNU long names and base-256 sizes, pax headers)
 * into its members, in archive order. Unrecognised data fails as libarchive reports it
 * (`failed to open archive: Unrecognized archive format`).
 */
export function readTarEntries(bytes: Uint8Array): ArchiveEntry[] {
  const out: ArchiveEntry[] = [];
  let off = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax = new Map<string, string>();
  let first = true;
  // libarchive accepts empty input as an empty archive, but not a partial first block.
  if (bytes.length > 0 && bytes.length < BLOCK) throw new HostError("failed to open archive: Unrecognized archive format");
  while (off + BLOCK <= bytes.length) {
    if (isZeroBlock(bytes, off)) break;
    if (!checksumOk(bytes, off)) {
      throw new HostError(first ? "failed to open archive: Unrecognized archive format" : "failed to extract archive (Damaged tar archive)");
    }
    first = false;
    const hdr = off;
    const type = String.fromCharCode(bytes[hdr + 156]!);
    let size = numField(bytes, hdr + 124, 12);
    if (pax.has("size")) size = Number(pax.get("size"));
    const mode = numField(bytes, hdr + 100, 8);
    const data = bytes.subarray(hdr + BLOCK, hdr + BLOCK + size);
    off = hdr + BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "L" || type === "K") {
      const s = cString(data, 0, data.length);
      if (type === "L") longName = s;
      else longLink = s;
      continue;
    }
    if (type === "x") {
      pax = paxRecords(data);
      continue;
    }
    if (type === "g") continue;
    let name = cString(bytes, hdr, 100);
    if (cString(bytes, hdr + 257, 6) === "ustar") {
      const prefix = cString(bytes, hdr + 345, 155);
      if (prefix !== "") name = prefix + "/" + name;
    }
    const path = pax.get("path") ?? longName ?? name;
    const link = pax.get("linkpath") ?? longLink ?? cString(bytes, hdr + 157, 100);
    longName = longLink = undefined;
    pax = new Map();
    if (type === "0" || type === "\0" || type === "7") out.push({ path, type: "regular", contents: data.slice(), executable: (mode & 0o100) !== 0 });
    else if (type === "1") out.push({ path, type: "hardlink", target: link });
    else if (type === "2") out.push({ path, type: "symlink", target: link });
    else if (type === "5") out.push({ path, type: "directory" });
    else out.push({ path, type: "other" });
  }
  return out;
}

/** Reads an uncompressed tar archive into the tree extracting it would leave. */
export function parseTar(bytes: Uint8Array): FileTree {
  return treeFromEntries(readTarEntries(bytes));
}
