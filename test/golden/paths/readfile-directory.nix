# Reading a directory fails as in Nix (the message is about the read, not the open).
builtins.readFile ./.
