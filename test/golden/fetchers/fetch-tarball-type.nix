builtins.fetchTarball 1
