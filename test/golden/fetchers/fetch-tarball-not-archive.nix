builtins.fetchTarball ("file://" + toString ./lib/data.txt)
