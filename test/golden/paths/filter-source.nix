builtins.filterSource (p: t: t != "symlink") ./lib/dir
