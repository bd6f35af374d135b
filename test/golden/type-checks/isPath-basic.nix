map builtins.isPath [ ./a /b "/c" ]
