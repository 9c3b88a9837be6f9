// The workbench's browser script is served as written, so it is linted as a browser script: the root
// config's type-aware rules need a TypeScript project, and this file is no part of one.
import js from '@eslint/js';

const browser = Object.fromEntries(['window', 'document', 'Headers', 'FormData', 'console'].map((name) => [name, 'readonly']));

export default [
  js.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'script', globals: browser },
    rules: { eqeqeq: ['error', 'always'], strict: ['error', 'function'] },
  },
];
