# fetchTarball of a local file that is not an archive: Nix's libarchive error.
builtins.fetchTarball ("file://" + toString ./lib/data.txt)
