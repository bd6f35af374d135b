let p = builtins.unsafeGetAttrPos "b" (builtins.functionArgs ({ a,
    b ? 1 }: a)); in [ p.line p.column ]
