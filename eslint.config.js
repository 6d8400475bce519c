import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const NO_FOCUSED_TESTS = [
  {
    selector: "CallExpression[callee.object.name='describe'][callee.property.name=/^(only|skip)$/]",
    message: 'No focused or skipped suites.',
  },
  {
    selector: "CallExpression[callee.object.name='it'][callee.property.name=/^(only|skip)$/]",
    message: 'No focused or skipped tests.',
  },
];

const REPOSITORIES_ONLY =
  "Queries belong in the module's repositories (*.repository.ts); services pass the EntityManager from Transactions.run() to them.";

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'data/**',
      'node_modules/**',
      'src/generated/**',
      'sdk/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-syntax': ['error', ...NO_FOCUSED_TESTS],
    },
  },
  {
    // A feature reaches its tables only through its own repositories (see the README's
    // Architecture section); dependency-cruiser keeps other modules away from them.
    files: ['src/modules/**/*.ts'],
    ignores: ['src/modules/**/*.repository.ts', 'src/modules/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'typeorm', importNames: ['DataSource'], message: REPOSITORIES_ONLY },
            {
              name: '@nestjs/typeorm',
              importNames: ['InjectDataSource', 'InjectEntityManager', 'InjectRepository'],
              message: REPOSITORIES_ONLY,
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...NO_FOCUSED_TESTS,
        {
          selector:
            "CallExpression[callee.property.name=/^(getRepository|createQueryBuilder|query)$/][callee.object.name='manager']",
          message: REPOSITORIES_ONLY,
        },
      ],
    },
  },
);
