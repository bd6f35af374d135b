[ (isNull null) (builtins.isNull 0) (builtins.isNull "") ]
