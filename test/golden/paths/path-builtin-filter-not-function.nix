builtins.path { path = ./lib/dir; filter = 1; }
