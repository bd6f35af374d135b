builtins.isInt 1 2
