builtins.lessThan true false
