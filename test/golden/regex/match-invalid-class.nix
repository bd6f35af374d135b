builtins.match "[[:word:]]" "a"
