builtins.split "\\n" "a"
