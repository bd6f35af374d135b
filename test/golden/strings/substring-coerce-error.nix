builtins.substring 1 2 3
