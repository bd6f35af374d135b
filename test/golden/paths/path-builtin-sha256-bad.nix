builtins.path { path = ./lib/dir; sha256 = "x"; }
