builtins.fetchTarball { }
