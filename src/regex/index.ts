// POSIX extended regular expressions exactly as Nix 2.8 runs them through libstdc++'s std::regex:
// the same syntax errors, the same NFA and the same backtracking order, hence the same matches
// and captures as `builtins.match` and `builtins.split`. No Node-specific code.

export { compileRegex, RegexSyntaxError, type RegexProgram } from "./compile.js";
export { matchWhole, searchAll, RegexComplexityError, DEFAULT_STEP_LIMIT, type ExecOptions, type MatchSpans, MatchList } from "./execute.js";
