builtins.head "a"
