import js from "@eslint/js";
import graphql from "@graphql-eslint/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", ".cogov/", "coverage/", "clients/examples/generated/"] },
  { files: ["**/*.{js,mjs,cjs,ts}"], extends: [js.configs.recommended, ...tseslint.configs.recommended] },
  { files: ["**/*.js"], languageOptions: { sourceType: "commonjs", globals: { module: "writable" } } },
  {
    files: ["**/*.{js,mjs,cjs,ts}"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // The schema as the code prints it (tests/federation.test.ts keeps them equal): everything in it is described.
  {
    files: ["schema.graphql"],
    languageOptions: { parser: graphql.parser },
    plugins: { "@graphql-eslint": graphql },
    rules: {
      "@graphql-eslint/require-description": [
        "error",
        { types: true, DirectiveDefinition: true, FieldDefinition: true, InputValueDefinition: true, EnumValueDefinition: true },
      ],
    },
  },
);
