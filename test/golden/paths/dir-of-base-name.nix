[ (dirOf ./lib/dir/a.txt) (baseNameOf ./lib/dir/a.txt) (dirOf "a/b") (baseNameOf "a/b/") ]
