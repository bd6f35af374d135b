builtins.getAttr (builtins.toFile "k" "v") { }
