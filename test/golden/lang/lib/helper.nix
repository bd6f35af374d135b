{ x }: { result = x * 21; }
