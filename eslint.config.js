// Lint rules, including the layer rules of DESIGN.md: the domain stays pure and only the
// composition root reaches adapters.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'URL',
    'URLSearchParams',
    'Buffer',
    'fetch',
    'AbortController',
    'AbortSignal',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'performance',
    'structuredClone',
    'TextEncoder',
    'TextDecoder',
  ].map((name) => [name, 'readonly']),
);

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'process', 'util', 'events'];

// Every file in src ships in the package: none may reach into test/ or bench/, and only the
// contract suites (cbi-autopilot/testing/contracts) import vitest, an optional peer dependency.
const shippedOnly = [
  { group: ['**/test/**', '**/bench/**'], message: 'src ships without test/ and bench/.' },
  {
    group: ['vitest', 'vitest/*'],
    message: 'Only the contract suites (src/testing/contracts/) import vitest.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: nodeGlobals },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...shippedOnly,
            { group: nodeBuiltins, message: 'The domain does no I/O: no node built-ins.' },
            { group: ['inversify', 'inversify/*'], message: 'The domain knows no DI.' },
            {
              group: ['**/adapters/**', '**/app/**', '**/ports/**', '**/testing/**'],
              message: 'The domain imports nothing from other layers.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'No process in the domain.' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Time comes in as an argument.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Time comes in as an argument.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'Randomness comes in as an argument.',
        },
      ],
    },
  },
  {
    files: ['src/ports/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...shippedOnly,
            {
              group: ['**/adapters/**', '**/app/**', '**/testing/**'],
              message: 'Ports import only the domain.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...shippedOnly,
            {
              group: ['**/app/**', '**/testing/**'],
              message: 'Adapters import only ports, the domain and adapters/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/app/**/*.ts'],
    ignores: ['src/app/composition/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...shippedOnly,
            {
              group: ['**/adapters/**'],
              message: 'Only the composition root (src/app/composition/) imports adapters.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/index.ts', 'src/app/composition/**/*.ts', 'src/testing/**/*.ts'],
    ignores: ['src/testing/contracts/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: shippedOnly }] },
  },
  {
    files: ['src/testing/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            shippedOnly[0],
            {
              group: ['**/adapters/**', '**/app/**'],
              message: 'A contract suite is given its subject: it builds no adapter itself.',
            },
          ],
        },
      ],
    },
  },
);
