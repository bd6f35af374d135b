[ (builtins.path { path = ./lib/dir; }) (builtins.path { path = ./lib/dir; name = "renamed"; }) (builtins.path { path = ./lib/dir/a.txt; recursive = false; }) ]
