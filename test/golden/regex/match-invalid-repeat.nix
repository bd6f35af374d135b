builtins.match "a{2,1}" "a"
