builtins.getContext "a" "b"
