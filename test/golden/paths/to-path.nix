[ (builtins.toPath "/a/b/../c") (builtins.toPath ./lib) ]
