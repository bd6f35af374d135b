let p = builtins.unsafeGetAttrPos "a" {
  b = 1;
     a = 2; }; in { inherit (p) line column; f = builtins.typeOf p.file; }
