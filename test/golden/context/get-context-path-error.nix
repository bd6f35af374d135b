builtins.getContext ./x
