[ (builtins.placeholder "out") (builtins.placeholder "dev") ]
