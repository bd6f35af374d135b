// NAR (Nix ARchive) serialisation of a file tree reached through an injectable read-only FS,
// plus an in-memory file tree, an FS over it, and a NAR parser. Entries are sorted by bytes,
// the executable bit and symlinks are kept, as in Nix 2.8's `dumpPath`.

import { byteString, toBytes } from "./bytes.js";
import { createHasher, type Hash, type HashAlgo } from "./hash.js";
import { StoreError } from "./errors.js";

/** What {@link ReadonlyFS.lstat} reports about a path (without following symlinks). */
export interface FileStat {
  readonly type: "regular" | "directory" | "symlink" | "other";
  /** True if any execute bit is set (only meaningful for regular files). */
  readonly executable: boolean;
}

/**
 * A read-only, synchronous file system. Paths and names are byte strings; a directory's
 * children are reached as `dir + "/" + name`. `readFile` may return bytes or a byte string.
 */
export interface ReadonlyFS {
  lstat(path: string): FileStat;
  readdir(path: string): string[];
  readFile(path: string): Uint8Array | string;
  readlink(path: string): string;
}

/** Optional filter: return false to leave a path (and, for directories, its contents) out. */
export type PathFilter = (path: string, type: FileStat["type"]) => boolean;

/** An in-memory file tree (byte-string names and contents). */
export type FileTree =
  | { readonly type: "regular"; readonly contents: string | Uint8Array; readonly executable?: boolean }
  | { readonly type: "symlink"; readonly target: string }
  | { readonly type: "directory"; readonly entries: Readonly<Record<string, FileTree>> };

function writeString(sink: (b: Uint8Array) => void, s: string | Uint8Array): void {
  const bytes = toBytes(s);
  const len = new Uint8Array(8);
  let n = bytes.length;
  for (let i = 0; i < 8; i++) {
    len[i] = n % 256;
    n = Math.floor(n / 256);
  }
  sink(len);
  sink(bytes);
  const pad = (8 - (bytes.length % 8)) % 8;
  if (pad) sink(new Uint8Array(pad));
}

const tokenCache = new Map<string, Uint8Array>();
function tok(sink: (b: Uint8Array) => void, s: string): void {
  let b = tokenCache.get(s);
  if (!b) {
    const chunks: Uint8Array[] = [];
    writeString((c) => chunks.push(c), s);
    b = concat(chunks);
    tokenCache.set(s, b);
  }
  sink(b);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/** Bytewise comparison of byte strings (names are sorted this way in a NAR). */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dumpNode(fs: ReadonlyFS, path: string, sink: (b: Uint8Array) => void, filter?: PathFilter): void {
  const st = fs.lstat(path);
  tok(sink, "(");
  if (st.type === "regular") {
    tok(sink, "type");
    tok(sink, "regular");
    if (st.executable) {
      tok(sink, "executable");
      tok(sink, "");
    }
    tok(sink, "contents");
    writeString(sink, fs.readFile(path));
  } else if (st.type === "directory") {
    tok(sink, "type");
    tok(sink, "directory");
    const names = [...fs.readdir(path)].sort(byteOrder);
    for (const name of names) {
      const child = path.endsWith("/") ? path + name : path + "/" + name;
      if (filter && !filter(child, fs.lstat(child).type)) continue;
      tok(sink, "entry");
      tok(sink, "(");
      tok(sink, "name");
      writeString(sink, name);
      tok(sink, "node");
      dumpNode(fs, child, sink, filter);
      tok(sink, ")");
    }
  } else if (st.type === "symlink") {
    tok(sink, "type");
    tok(sink, "symlink");
    tok(sink, "target");
    writeString(sink, fs.readlink(path));
  } else {
    throw new StoreError(`file '${path}' has an unsupported type`);
  }
  tok(sink, ")");
}

/**
 * Streams the NAR serialisation of `path` to `sink`. The optional `filter` is applied to the
 * children of directories (never to the root), as `builtins.path`'s filter is.
 */
export function dumpPath(fs: ReadonlyFS, path: string, sink: (chunk: Uint8Array) => void, filter?: PathFilter): void {
  tok(sink, "nix-archive-1");
  dumpNode(fs, path, sink, filter);
}

/** The NAR serialisation of `path` as one byte array. */
export function narBytes(fs: ReadonlyFS, path: string, filter?: PathFilter): Uint8Array {
  const chunks: Uint8Array[] = [];
  dumpPath(fs, path, (c) => chunks.push(c), filter);
  return concat(chunks);
}

/** Hash of the NAR serialisation of `path` (sha256 by default), with the NAR size. */
export function narHash(
  fs: ReadonlyFS,
  path: string,
  algo: HashAlgo = "sha256",
  filter?: PathFilter,
): { hash: Hash; size: number } {
  const h = createHasher(algo);
  let size = 0;
  dumpPath(
    fs,
    path,
    (c) => {
      size += c.length;
      h.update(c);
    },
    filter,
  );
  return { hash: { algo, bytes: h.digest() }, size };
}

function lookup(tree: FileTree, path: string): FileTree {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  let node = tree;
  for (const p of parts) {
    if (node.type !== "directory" || !Object.prototype.hasOwnProperty.call(node.entries, p))
      throw new StoreError(`getting status of '${path}': No such file or directory`);
    node = node.entries[p]!;
  }
  return node;
}

/** A {@link ReadonlyFS} over an in-memory {@link FileTree}; the tree's root is path `/` (or ``). */
export function memoryFS(tree: FileTree): ReadonlyFS {
  return {
    lstat(path) {
      const n = lookup(tree, path);
      return { type: n.type, executable: n.type === "regular" && !!n.executable };
    },
    readdir(path) {
      const n = lookup(tree, path);
      if (n.type !== "directory") throw new StoreError(`reading directory '${path}': Not a directory`);
      return Object.keys(n.entries);
    },
    readFile(path) {
      const n = lookup(tree, path);
      if (n.type !== "regular") throw new StoreError(`reading file '${path}': Not a regular file`);
      return n.contents;
    },
    readlink(path) {
      const n = lookup(tree, path);
      if (n.type !== "symlink") throw new StoreError(`reading symlink '${path}': Invalid argument`);
      return n.target;
    },
  };
}

/** Parses a NAR into a {@link FileTree} (contents as byte strings). Throws on malformed input. */
export function parseNar(nar: Uint8Array): FileTree {
  let off = 0;
  const readStr = (): string => {
    if (off + 8 > nar.length) throw new StoreError("NAR: unexpected end of archive");
    let n = 0;
    for (let i = 7; i >= 0; i--) n = n * 256 + nar[off + i]!;
    off += 8;
    if (off + n > nar.length) throw new StoreError("NAR: unexpected end of archive");
    const s = byteString(nar.subarray(off, off + n));
    off += n + ((8 - (n % 8)) % 8);
    return s;
  };
  const expect = (s: string): void => {
    const got = readStr();
    if (got !== s) throw new StoreError(`NAR: expected '${s}', got '${got}'`);
  };
  const node = (): FileTree => {
    expect("(");
    expect("type");
    const type = readStr();
    if (type === "regular") {
      let t = readStr();
      let executable = false;
      if (t === "executable") {
        expect("");
        executable = true;
        t = readStr();
      }
      if (t !== "contents") throw new StoreError(`NAR: expected 'contents', got '${t}'`);
      const contents = readStr();
      expect(")");
      return executable ? { type, contents, executable } : { type, contents };
    }
    if (type === "symlink") {
      expect("target");
      const target = readStr();
      expect(")");
      return { type, target };
    }
    if (type === "directory") {
      const entries: Record<string, FileTree> = {};
      for (;;) {
        const t = readStr();
        if (t === ")") break;
        if (t !== "entry") throw new StoreError(`NAR: expected 'entry', got '${t}'`);
        expect("(");
        expect("name");
        const name = readStr();
        expect("node");
        entries[name] = node();
        expect(")");
      }
      return { type, entries };
    }
    throw new StoreError(`NAR: unknown file type '${type}'`);
  };
  expect("nix-archive-1");
  const tree = node();
  if (off !== nar.length) throw new StoreError("NAR: trailing data");
  return tree;
}

/** The NAR of an in-memory tree. */
export function narOfTree(tree: FileTree): Uint8Array {
  return narBytes(memoryFS(tree), "/");
}

