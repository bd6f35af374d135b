builtins.seq 1 2 3
