// Lint: typescript-eslint's recommended rules, no import cycles, Preact hooks used correctly.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.output/',
      'dist/',
      '.wxt/',
      'test-results/',
      'shareledger-run/',
      'audit-out/',
      'tests/fixtures/',
      '**/*.generated.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node, ...globals.webextensions },
    },
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    settings: {
      // Dependencies must be parsed as TypeScript too, or no-cycle never sees an edge.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs'] })],
    },
    rules: {
      // A runtime cycle makes module order matter; type-only imports are free.
      'import-x/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: false }],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Request layering: utils/wire/ sits below the classifier and the decoders, which meet only
    // through each other's index (see utils/wire/README.md).
    files: ['utils/**'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './utils/wire',
              from: ['./utils/classify', './utils/decoders', './utils/leaks', './utils/vendors', './utils/recipient'],
              message: 'utils/wire is the lower layer: it imports nothing above it.',
            },
            {
              target: './utils/decoders',
              from: './utils/classify',
              message: 'Decoders use utils/wire, not the classifier.',
            },
            {
              target: './utils/classify',
              from: './utils/decoders',
              except: ['./index.ts'],
              message: 'The classifier sees decoders only through utils/decoders/index.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // Vendor stand-ins of the demo store are plain browser scripts.
    files: ['demo-store/vendors/**/*.js', 'demo-store/assets/**/*.js'],
    languageOptions: { sourceType: 'script' },
  },
  {
    // Hooks rules are for components only: playwright fixtures also call a function named `use`.
    files: ['tests/**', 'bench/**', 'cli/**', 'demo-store/**', 'scripts/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
);
