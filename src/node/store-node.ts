// Node-only edge of the derivation layer: a Store that writes `.drv` files, texts and copied
// sources into the real /nix/store and registers them with Nix 2.8 (`nix-store
// --register-validity`), a ReadonlyFS over the real file system, and a node:crypto hasher.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import {
  DEFAULT_STORE_DIR,
  MemoryStore,
  StoreError,
  computeTextPath,
  serialiseDerivation,
  derivationReferences,
  parseDerivation,
  parseNar,
  parseStorePath,
  preparePath,
  setHasherFactory,
  type AddPathOptions,
  type SerialisedDerivation,
  type Derivation,
  type FileTree,
  type PathSource,
  type ReadonlyFS,
  type Store,
} from "../derivation/index.js";

const latin1 = (s: string): Buffer => Buffer.from(s, "latin1");

/**
 * Makes the derivation layer hash with node:crypto. The default already does where
 * `process.getBuiltinModule` exists (Node 20.16+); this is for older runtimes.
 */
export function useNodeCrypto(): void {
  setHasherFactory((algo) => {
    const h = createHash(algo);
    return {
      update(data) {
        if (typeof data === "string") h.update(data, "latin1");
        else h.update(data);
      },
      digest() {
        return new Uint8Array(h.digest());
      },
    };
  });
}

/** A {@link ReadonlyFS} over the real file system; paths and names are byte strings. */
export const nodeFS: ReadonlyFS = {
  lstat(path) {
    const st = fs.lstatSync(latin1(path));
    const type = st.isFile() ? "regular" : st.isDirectory() ? "directory" : st.isSymbolicLink() ? "symlink" : "other";
    return { type, executable: (st.mode & 0o111) !== 0 };
  },
  readdir(path) {
    return fs.readdirSync(latin1(path), { encoding: "buffer" }).map((b) => b.toString("latin1"));
  },
  readFile(path) {
    return new Uint8Array(fs.readFileSync(latin1(path)));
  },
  readlink(path) {
    return fs.readlinkSync(latin1(path), { encoding: "buffer" }).toString("latin1");
  },
};

function writeTree(dest: string, tree: FileTree): void {
  const p = latin1(dest);
  if (tree.type === "regular") {
    fs.writeFileSync(p, typeof tree.contents === "string" ? latin1(tree.contents) : tree.contents);
    fs.chmodSync(p, tree.executable ? 0o555 : 0o444);
  } else if (tree.type === "symlink") {
    fs.symlinkSync(latin1(tree.target), p);
  } else {
    fs.mkdirSync(p);
    for (const [name, child] of Object.entries(tree.entries)) writeTree(dest + "/" + name, child);
    fs.chmodSync(p, 0o555);
  }
}

/** Options of {@link NodeStore}. */
export interface NodeStoreOptions {
  /** Defaults to `/nix/store` (Nix's own must match). */
  readonly storeDir?: string;
  /** The `nix-store` executable, `nix-store` on PATH by default. */
  readonly nixStore?: string;
}

/**
 * A {@link Store} backed by the real Nix store, for a root user with no daemon. New paths are
 * written (read-only, as Nix leaves them) and registered with `nix-store --register-validity`
 * (path, empty deriver, references); paths already valid are left alone, and paths that exist
 * but are not valid are never overwritten or deleted (an error is raised instead).
 * After {@link Store.writeDerivation}, `nix-store --realise DRV` builds it.
 */
export class NodeStore implements Store {
  readonly storeDir: string;
  private readonly nixStore: string;
  private readonly cache: MemoryStore;

  constructor(options: NodeStoreOptions = {}) {
    this.storeDir = options.storeDir ?? DEFAULT_STORE_DIR;
    this.nixStore = options.nixStore ?? "nix-store";
    this.cache = new MemoryStore(this.storeDir);
  }

  isValidPath(path: string): boolean {
    if (this.cache.isValidPath(path)) return true;
    const out = execFileSync(this.nixStore, ["--check-validity", "--print-invalid", "--", path], { encoding: "latin1" });
    return out.trim() === "";
  }

  queryReferences(path: string): readonly string[] {
    const out = execFileSync(this.nixStore, ["--query", "--references", "--", path], { encoding: "latin1" });
    return out.split("\n").filter((l) => l !== "");
  }

  /** Writes `tree` at `path` unless already valid, then registers it with `references`. */
  private put(path: string, tree: FileTree, references: readonly string[]): void {
    if (this.isValidPath(path)) return;
    if (fs.existsSync(latin1(path)))
      throw new StoreError(`path '${path}' exists but is not valid in the Nix database; refusing to overwrite it`);
    const tmp = `${this.storeDir}/.nixts-tmp-${process.pid}-${Date.now()}-${parseStorePath(path, this.storeDir).hashPart}`;
    writeTree(tmp, tree);
    fs.renameSync(tmp, latin1(path));
    const refs = [...new Set(references)].sort();
    const regInfo = `${path}\n\n${refs.length}\n${refs.map((r) => r + "\n").join("")}`;
    execFileSync(this.nixStore, ["--register-validity"], { input: latin1(regInfo) });
  }

  addTextToStore(name: string, text: string, references: readonly string[] = []): string {
    const path = computeTextPath(name, text, references, this.storeDir);
    this.put(path, { type: "regular", contents: text }, references);
    this.cache.addTextToStore(name, text, references);
    return path;
  }

  addPathToStore(name: string, source: PathSource, options: AddPathOptions = {}): string {
    const { path, nar } = preparePath(name, source, options, this.storeDir);
    this.put(path, parseNar(nar), []);
    this.cache.addPathToStore(name, { nar }, {});
    return path;
  }

  writeDerivation(drv: Derivation, serialised?: SerialisedDerivation): string {
    const s = serialised ?? serialiseDerivation(drv, this.storeDir);
    this.put(s.path, { type: "regular", contents: s.text }, s.references);
    this.cache.rememberDerivation(s, drv);
    return s.path;
  }

  readDerivation(drvPath: string): Derivation {
    if (this.cache.isValidPath(drvPath)) return this.cache.readDerivation(drvPath);
    if (!this.isValidPath(drvPath)) throw new StoreError(`path '${drvPath}' is not valid`);
    const { name } = parseStorePath(drvPath, this.storeDir);
    const text = fs.readFileSync(latin1(drvPath)).toString("latin1");
    const drv = parseDerivation(text, name.replace(/\.drv$/, ""));
    this.cache.addDerivationText(drvPath, text, derivationReferences(drv));
    return drv;
  }
}

/** Whether `path` is valid in the real Nix store (asked of `nix-store`, or, without Nix, whether
 * it exists): what the CLI's read-only evaluation realises contexts against. Answers are cached. */
export function isValidInRealStore(nixStore = "nix-store"): (path: string) => boolean {
  const known = new Map<string, boolean>();
  return (path) => {
    let ok = known.get(path);
    if (ok === undefined) {
      try {
        ok = execFileSync(nixStore, ["--check-validity", "--print-invalid", "--", path], { encoding: "latin1", stdio: ["ignore", "pipe", "ignore"] }).trim() === "";
      } catch {
        ok = fs.existsSync(latin1(path));
      }
      known.set(path, ok);
    }
    return ok;
  };
}
