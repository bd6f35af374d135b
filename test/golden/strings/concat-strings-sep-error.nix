builtins.concatStringsSep "," [1 2]
