let p = builtins.unsafeGetAttrPos "a" (builtins.intersectAttrs { a = 1; }
  { a = 2; }); in [ p.line p.column ]
