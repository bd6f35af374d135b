[ (dirOf "/a/b/c/") (dirOf "a") (dirOf "/a") (dirOf "") (dirOf "a//b") (dirOf /foo/bar) (dirOf /.) (dirOf { outPath = "/a/b"; }) ]
