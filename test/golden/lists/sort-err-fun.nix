builtins.sort 1 [ ]
