let s = { foo = 1; bar = { baz = 2; }; }; n = "bar"; in [ s.${"foo"} s.${n}.baz s."foo" ]
