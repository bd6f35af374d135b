builtins.readFile ./lib/dir/a.txt
