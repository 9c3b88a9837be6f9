// Typed lint: promises must be awaited, switches exhaustive, comparisons strict. Zero warnings.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'data/',
      'coverage/',
      'jest.config.js',
      'eslint.config.mjs',
      'scripts/bundle-main.mjs',
      'test-artifacts/',
      // The layer rules (dependency-cruiser), the script that runs them over their fixtures, and the
      // fixtures: small trees that break those rules on purpose.
      '.dependency-cruiser*.cjs',
      'test/lint/cruise-fixtures.mjs',
      'test/lint/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // `x != null` stays allowed: it is the one idiom for "neither null nor undefined".
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read GraphQL answers as loosely typed JSON.
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
