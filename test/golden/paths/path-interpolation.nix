"${./lib/dir/a.txt}"
