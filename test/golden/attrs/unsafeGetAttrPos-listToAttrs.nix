let p = builtins.unsafeGetAttrPos "a" (builtins.listToAttrs [
 { name = "a";
   value = 1; } ]); in [ p.line p.column ]
