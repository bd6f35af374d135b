// Lint rules: ESLint's and typescript-eslint's recommended sets, for src, test and scripts.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const nodeGlobals = { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly", setTimeout: "readonly" };

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".cache/**", "test/golden/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  { files: ["**/*.mjs", "**/*.js"], languageOptions: { globals: nodeGlobals } },
);
