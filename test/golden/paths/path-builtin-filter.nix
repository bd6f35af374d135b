builtins.path { path = ./lib/dir; filter = p: t: baseNameOf p != "sub"; }
