builtins.isPath ./a 1
