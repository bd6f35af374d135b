builtins.add "a" 1
