[ (baseNameOf "/a/b/") (baseNameOf "a") (baseNameOf "") (baseNameOf "/") (baseNameOf "//") (baseNameOf { outPath = "/x/y"; }) (baseNameOf /foo/bar) ]
