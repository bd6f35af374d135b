builtins.bitOr 1.0 1
