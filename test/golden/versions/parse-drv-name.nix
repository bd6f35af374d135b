map builtins.parseDrvName [ "hello-world-1.2" "foo-" "nix-0.12pre12876" "a-b-c" "x" ]
