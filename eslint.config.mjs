// ESLint flat config. Layers (docs/architecture.md): src/ is the core, import/ the importers, cli/ the CLI;
// bench/ and test/ may import anything and nothing imports them; playground/ is a separate browser bundle.
// Formatting is Prettier's (npm run format); eslint-config-prettier, last, turns off every rule it would fight.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import prettier from 'eslint-config-prettier';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS = ['**/*.ts', '**/*.tsx'];
const JS = ['**/*.js', '**/*.mjs', '**/*.cjs'];
const NOT_CORE = ['./import', './cli', './bench', './test', './playground', './matrix'];

export default defineConfig(
  // src/generated is codegen output (git-ignored).
  globalIgnores(['dist/', 'src/generated/', 'coverage/', '.neo4j*/', 'neo4j/lib/']),

  js.configs.recommended,
  { files: TS, extends: [tseslint.configs.recommendedTypeChecked] },
  importX.flatConfigs.recommended,
  importX.flatConfigs.typescript,

  {
    languageOptions: { ecmaVersion: 2022, globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true, project: 'tsconfig.eslint.json' })],
    },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }], // `x == null` (null or undefined) is the house idiom
      'no-console': 'error', // the core and the importers report through return values and `log` callbacks
      'prefer-const': 'error',
      'no-var': 'error',
      'object-shorthand': 'error',

      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // TypeScript already checks these, and they are the slow import-x rules.
      'import-x/namespace': 'off',
      'import-x/default': 'off',
      'import-x/no-named-as-default': 'off',
      'import-x/no-unresolved': 'off',
      // neo4j-driver documents `neo4j.driver(...)`, `neo4j.auth.basic(...)`: default-export members are its API.
      'import-x/no-named-as-default-member': 'off',
      'import-x/no-self-import': 'error',
      'import-x/no-useless-path-segments': 'error',
      'import-x/no-extraneous-dependencies': [
        'error',
        // Only test, bench, the playground (bundled at build time) and tooling config may use devDependencies.
        { devDependencies: ['test/**', 'bench/**', 'playground/**', 'matrix/**', '*.config.{js,mjs,cjs}'] },
      ],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src', from: NOT_CORE, message: 'src/ is the core: it imports only src/ and packages.' },
            {
              target: './src/db',
              from: './src',
              except: ['./db', './config.ts', './errors.ts', './generated'],
              message:
                'src/db is the bottom layer: besides the configuration, the errors and generated types, it imports nothing else from src/.',
            },
            {
              target: './import',
              from: ['./cli', './bench', './test', './playground'],
              message: 'import/ may import src/ and import/ only.',
            },
            { target: './cli', from: ['./bench', './test', './playground'], message: 'cli/ may import src/, import/ and cli/ only.' },
            { target: './test', from: './bench', message: 'tests do not import benchmarks (bench/ may import test/support).' },
            {
              target: './matrix',
              from: ['./import', './cli', './bench', './test', './playground'],
              message: 'the matrix page is a browser bundle: it imports the DOM-free parts of src/ (src/matrix, params) and nothing else.',
            },
            {
              target: './playground',
              from: ['./src', './import', './cli', './bench', './test'],
              message: 'the playground is a browser bundle on its own.',
            },
          ],
        },
      ],
    },
  },

  {
    files: TS,
    languageOptions: {
      parserOptions: { project: './tsconfig.eslint.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Every import written as a plain `import { X }`: import-x/no-cycle skips `import type` edges, and the
      // layering wants type-only cycles gone too (TypeScript still elides imports used only as types).
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'no-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],

      // Rows from Neo4j, parsed YAML/JSON and GraphQL responses are `any`/`unknown` until statements return
      // typed rows (issue 10, point 6); these rules would flag every use of a row (~850 findings today).
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-base-to-string': 'off', // String(row.x) on those same untyped values
      '@typescript-eslint/restrict-template-expressions': 'off', // `${row.x}` likewise
      // graphql-js AST kinds and operation types are string enums, compared with their literals ('FragmentSpread').
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // Apollo's plugin hooks are written `async` as Apollo documents them, awaiting nothing.
      '@typescript-eslint/require-await': 'off',
    },
  },

  {
    // Tests and benches read GraphQL responses as `any` on purpose: the assertions are the type check.
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },

  // JavaScript, and the playground's two files: no type information. The playground is type-checked by
  // `npm run build:playground`; a second type-aware program (GraphiQL's types) would cost ~4 s of CPU per lint.
  { files: [...JS, 'playground/**', 'matrix/**'], extends: [tseslint.configs.disableTypeChecked] },
  { files: ['**/*.js', '**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  { files: ['matrix/**/*.ts'], languageOptions: { globals: globals.browser } },
  {
    files: ['playground/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },

  // The CLI, the benches and the tests write to the terminal by design.
  {
    files: ['cli/**', 'bench/**', 'test/**', 'examples/**', 'playground/build.mjs', 'matrix/build.mjs'],
    rules: { 'no-console': 'off' },
  },

  prettier,
);
