// The Store interface the derivation layer writes to, and an in-memory implementation that
// runs in any JS runtime. Stores compute paths exactly as Nix 2.8 does; the Node store in
// src/node/store-node.ts also writes into the real /nix/store and registers paths with Nix.

import { parseDerivation } from "./aterm.js";
import { toBytes } from "./bytes.js";
import { freezeDerivation, type Derivation } from "./derivation.js";
import { StoreError } from "./errors.js";
import { hashBytes } from "./hash.js";
import { derivationPathAndText, derivationReferences } from "./hash-derivation-modulo.js";
import { memoryFS, narBytes, parseNar, type FileTree, type PathFilter, type ReadonlyFS } from "./nar.js";
import {
  DEFAULT_STORE_DIR,
  computeTextPath,
  makeFixedOutputPath,
  parseStorePath,
  type FileIngestionMethod,
} from "./store-path.js";

/** Where the contents of a path to add come from. */
export type PathSource =
  | { readonly fs: ReadonlyFS; readonly path: string }
  | { readonly tree: FileTree }
  | { readonly nar: Uint8Array };

/** Options of {@link Store.addPathToStore}. */
export interface AddPathOptions {
  /** `recursive` (default): NAR-hashed `source` path; `flat`: a single regular file hashed as is. */
  readonly method?: FileIngestionMethod;
  /** Applied to the children of a directory (like `builtins.path`'s `filter`); only with `fs` sources. */
  readonly filter?: PathFilter;
}

/** A Nix store as seen by the derivation layer. All operations are synchronous. */
export interface Store {
  /** The store directory, `/nix/store` by default. */
  readonly storeDir: string;
  /** Adds a byte-string text with references (`builtins.toFile`); returns its path. */
  addTextToStore(name: string, text: string, references?: readonly string[]): string;
  /** Copies a file tree into the store (path interpolation, `builtins.path`); returns its path. */
  addPathToStore(name: string, source: PathSource, options?: AddPathOptions): string;
  /**
   * Writes a derivation as `<name>.drv`; returns the `.drv` path. `serialised`, when given, is
   * what {@link derivationPathAndText} and {@link derivationReferences} give for `drv`, which
   * the caller already computed.
   */
  writeDerivation(drv: Derivation, serialised?: SerialisedDerivation): string;
  /** Reads back a `.drv` path as a frozen {@link Derivation}. Throws if absent. */
  readDerivation(drvPath: string): Derivation;
  /** True if the path exists in the store. */
  isValidPath(path: string): boolean;
  /** The references of a valid path, if the store knows them. */
  queryReferences?(path: string): readonly string[];
}

/** A derivation's `.drv` path, ATerm text and references, as computed from the record. */
export interface SerialisedDerivation {
  readonly path: string;
  readonly text: string;
  readonly references: readonly string[];
}

/** One entry of a {@link MemoryStore}. */
export interface MemoryStoreEntry {
  /** The NAR serialisation of the path's contents. */
  readonly nar: Uint8Array;
  /** Store paths it references, sorted. */
  readonly references: readonly string[];
  /** The parsed derivation, for `.drv` paths. */
  readonly derivation?: Derivation;
}

/** NAR of a single regular file. */
export function narOfText(text: string | Uint8Array): Uint8Array {
  return narBytes(memoryFS({ type: "regular", contents: text }), "/");
}

/** An entry whose NAR is made from its text when first asked for (most `.drv`s never are). */
class TextEntry implements MemoryStoreEntry {
  private narCache: Uint8Array | undefined;
  constructor(
    private readonly text: string,
    readonly references: readonly string[],
    /** The record, frozen on its way out (most are never read back). */
    private readonly record?: Derivation,
  ) {}
  get derivation(): Derivation | undefined {
    return this.record && freezeDerivation(this.record);
  }
  get nar(): Uint8Array {
    return (this.narCache ??= narOfText(this.text));
  }
}


/** A derivation's path, text and references, computed from the record. */
export function serialiseDerivation(drv: Derivation, storeDir: string): SerialisedDerivation {
  return { ...derivationPathAndText(drv, storeDir), references: derivationReferences(drv) };
}

/** Resolves a {@link PathSource} to an FS and path. */
export function sourceFS(source: PathSource): { fs: ReadonlyFS; path: string } {
  if ("fs" in source) return { fs: source.fs, path: source.path };
  if ("tree" in source) return { fs: memoryFS(source.tree), path: "/" };
  return { fs: memoryFS(parseNar(source.nar)), path: "/" };
}

/** Computes the path and NAR of a path to add, as both stores do. */
export function preparePath(name: string, source: PathSource, options: AddPathOptions, storeDir: string): { path: string; nar: Uint8Array } {
  const method = options.method ?? "recursive";
  const { fs, path } = sourceFS(source);
  if (method === "recursive") {
    const nar = "nar" in source && !options.filter ? source.nar : narBytes(fs, path, options.filter);
    return { path: makeFixedOutputPath("recursive", hashBytes("sha256", nar), name, storeDir), nar };
  }
  const st = fs.lstat(path);
  if (st.type !== "regular") throw new StoreError(`file '${path}' has an unsupported type`);
  const contents = toBytes(fs.readFile(path));
  return {
    path: makeFixedOutputPath("flat", hashBytes("sha256", contents), name, storeDir),
    nar: narBytes(fs, path),
  };
}

/** An in-memory {@link Store}: the default, usable in any JS runtime. */
export class MemoryStore implements Store {
  /** Every path added, by store path. */
  readonly entries = new Map<string, MemoryStoreEntry>();

  constructor(readonly storeDir: string = DEFAULT_STORE_DIR) {}

  addTextToStore(name: string, text: string, references: readonly string[] = []): string {
    const path = computeTextPath(name, text, references, this.storeDir);
    if (!this.entries.has(path)) this.entries.set(path, new TextEntry(text, [...new Set(references)].sort()));
    return path;
  }

  addPathToStore(name: string, source: PathSource, options: AddPathOptions = {}): string {
    const { path, nar } = preparePath(name, source, options, this.storeDir);
    if (!this.entries.has(path)) this.entries.set(path, { nar, references: [] });
    return path;
  }

  writeDerivation(drv: Derivation, serialised?: SerialisedDerivation): string {
    const s = serialised ?? serialiseDerivation(drv, this.storeDir);
    this.rememberDerivation(s, drv);
    return s.path;
  }

  /** Records a derivation already serialised (the caller computed path, text and references). */
  rememberDerivation(serialised: SerialisedDerivation, drv: Derivation): void {
    const { path, text, references } = serialised;
    if (!this.entries.has(path)) this.entries.set(path, new TextEntry(text, references, drv));
  }

  /** Stores `.drv` text under a given path without checking it (e.g. preloading Nix's own files). */
  addDerivationText(drvPath: string, text: string, references: readonly string[] = []): void {
    const { name } = parseStorePath(drvPath, this.storeDir);
    const derivation = parseDerivation(text, name.replace(/\.drv$/, ""));
    this.entries.set(drvPath, new TextEntry(text, [...references].sort(), derivation));
  }

  readDerivation(drvPath: string): Derivation {
    const e = this.entries.get(drvPath);
    if (!e) throw new StoreError(`path '${drvPath}' is not valid`);
    if (!e.derivation) throw new StoreError(`path '${drvPath}' is not a derivation`);
    return e.derivation;
  }

  isValidPath(path: string): boolean {
    return this.entries.has(path);
  }

  queryReferences(path: string): readonly string[] {
    const e = this.entries.get(path);
    if (!e) throw new StoreError(`path '${path}' is not valid`);
    return e.references;
  }

  /** The NAR of a valid path, or `undefined`. */
  narOf(path: string): Uint8Array | undefined {
    return this.entries.get(path)?.nar;
  }
}
