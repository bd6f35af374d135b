builtins.fetchTree 1
