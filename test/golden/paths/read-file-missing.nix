builtins.readFile ./lib/nope.txt
