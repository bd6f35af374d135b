builtins.fetchGit { url = "/nonexistent"; bogus = 1; }
