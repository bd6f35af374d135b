[ (builtins.pathExists ./lib/dir/a.txt) (builtins.pathExists ./lib/nope) (builtins.pathExists (toString ./lib/dir)) ]
