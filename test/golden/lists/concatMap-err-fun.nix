builtins.concatMap 1 [ ]
