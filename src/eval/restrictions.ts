// What an evaluation may reach, as Nix's `restrict-eval`, `pure-eval` and `allowed-uris` settings
// decide: files only under the search path's directories and the store paths the evaluation
// made (symlinks resolved before deciding), URIs only under an allowed prefix, no environment.
// One policy object per evaluation; builtins ask it before they touch a file or a URL.

import { EvalError } from "../errors.js";
import { canonPath } from "../parser/positions.js";

/** The settings that restrict an evaluation (Nix's names in comments). */
export interface RestrictOptions {
  /** `restrict-eval`: files only under the search path, URIs only under `allowedUris`, no `getEnv`. */
  readonly restrictEval?: boolean;
  /** `pure-eval`: restricted as above with no search path at all, and no clock, system or
   * unlocked fetches. */
  readonly pureEval?: boolean;
  /** `allowed-uris`: URI prefixes fetchers may reach in restricted mode. */
  readonly allowedUris?: readonly string[];
}

/** Access refused by the policy (Nix's RestrictedPathError). */
export class RestrictedPathError extends EvalError {
  constructor(message: string) {
    super(message);
    this.positionless = true;
  }
}

/** `path` is `dir` or inside it (Nix's isDirOrInDir, on canonical paths). */
function isDirOrInDir(path: string, dir: string): boolean {
  return path === dir || (path.startsWith(dir) && path.length >= dir.length + 2 && path[dir.length] === "/");
}

/** The access policy of one evaluation. */
export class AccessPolicy {
  readonly restricted: boolean;
  readonly pure: boolean;
  /** URIs are checked under `restrict-eval` only (pure evaluation checks hashes instead). */
  private readonly restrictUris: boolean;
  private readonly allowedUris: readonly string[];
  private allowed: string[] | null = null;

  constructor(
    options: RestrictOptions,
    /** The directories allowed from the start (the search path's), computed when first needed. */
    private readonly initialPaths: () => string[],
    /** Resolves symlinks in an absolute path (the host's), for the second check. */
    private readonly realPath: (path: string) => string,
  ) {
    this.pure = options.pureEval ?? false;
    this.restricted = this.pure || (options.restrictEval ?? false);
    this.restrictUris = options.restrictEval ?? false;
    this.allowedUris = options.allowedUris ?? [];
  }

  /** Paths the evaluation added to the store: a set, as there may be thousands. */
  private readonly added = new Set<string>();

  private allowedPaths(): string[] {
    return (this.allowed ??= this.initialPaths().map((p) => canonPath(p)));
  }

  /** Allows a path from now on (what the evaluation added to the store). */
  allowPath(path: string): void {
    if (this.restricted) this.added.add(path);
  }

  /** `path` (canonical) is an allowed directory or added path, or inside one. */
  private isAllowed(path: string): boolean {
    if (this.allowedPaths().some((d) => isDirOrInDir(path, d))) return true;
    if (this.added.size === 0) return false;
    for (let p = path; p.length > 1; p = p.slice(0, Math.max(1, p.lastIndexOf("/")))) if (this.added.has(p)) return true;
    return false;
  }

  /** Nix's checkSourcePath: the path to read (symlinks resolved when restricted), or a refusal. */
  checkSourcePath(path: string): string {
    if (!this.restricted) return path;
    const abs = canonPath(path);
    if (!this.isAllowed(abs))
      throw new RestrictedPathError(
        `access to absolute path '${abs}' is forbidden ${this.pure ? "in pure eval mode (use '--impure' to override)" : "in restricted mode"}`,
      );
    let real: string;
    try {
      real = canonPath(this.realPath(abs));
    } catch {
      real = abs;
    }
    if (this.isAllowed(real)) return real;
    throw new RestrictedPathError(`access to canonical path '${real}' is forbidden in restricted mode`);
  }

  /** Nix's checkURI: a URI under an allowed prefix, or a path or `file://` URI allowed as a path. */
  checkURI(uri: string): void {
    if (!this.restrictUris) return;
    for (const prefix of this.allowedUris)
      if (uri === prefix || (prefix !== "" && uri.length > prefix.length && uri.startsWith(prefix) && (prefix.endsWith("/") || uri[prefix.length] === "/")))
        return;
    if (uri.startsWith("/")) {
      this.checkSourcePath(uri);
      return;
    }
    if (uri.startsWith("file://")) {
      this.checkSourcePath(uri.slice(7));
      return;
    }
    throw new RestrictedPathError(`access to URI '${uri}' is forbidden in restricted mode`);
  }
}
