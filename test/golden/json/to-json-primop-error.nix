builtins.toJSON builtins.add
