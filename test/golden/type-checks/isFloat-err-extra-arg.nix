builtins.isFloat 1.0 1
