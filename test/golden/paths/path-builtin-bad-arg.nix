builtins.path { path = ./lib/dir; bogus = 1; }
