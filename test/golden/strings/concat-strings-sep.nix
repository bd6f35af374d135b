[ (builtins.concatStringsSep ", " ["a" "b" "c"]) (builtins.concatStringsSep "-" []) (builtins.concatStringsSep "" ["x" { outPath = "y"; }]) ]
