let p = builtins.unsafeGetAttrPos "a" (builtins.removeAttrs { b = 1;
  a = 2; } [ "b" ]); in [ p.line p.column ]
