let p = ./foo/bar; in [ p (p + "/baz") (./. + "/x") (baseNameOf p) (dirOf p) ]
