builtins.stringLength "a" "b"
