builtins.match "a{1, 2}" "a"
