import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['lib/', 'dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // CommonJS configuration files (.dependency-cruiser.cjs).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  // Folder boundaries (core/README.md, bot/README.md, action/README.md): core is shared by
  // the bot and the Action and depends on neither; the bot and the Action never import
  // each other. Built-in rule, no plugin: relative paths that climb into a forbidden folder.
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(bot|action|bin|test|testkit|bench)/',
              message: 'core/ must not import bot/, action/, bin/, test/, testkit/ or bench/',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bot/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(action|bin|test|testkit|bench)/',
              message: 'bot/ must not import action/, bin/, test/, testkit/ or bench/',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['action/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(bot|bin|test|testkit|bench)/',
              message: 'action/ must not import bot/, bin/, test/, testkit/ or bench/',
            },
          ],
        },
      ],
    },
  },
);
