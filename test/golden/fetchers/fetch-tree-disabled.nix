builtins.fetchTree { type = "path"; path = "/tmp"; }
