builtins.add 1.0 "a"
