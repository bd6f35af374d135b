builtins.div "a" 0
