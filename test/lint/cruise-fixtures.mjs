// Runs the project's two layer configurations over every fixture tree in test/lint/fixtures/, each
// from the fixture's own root as `npm run lint` runs them from the project's, and prints the
// violations as JSON: { "<fixture>": [{ "rule", "from", "to" }] }.
// A separate process because dependency-cruiser is ESM only and jest's module system cannot load it;
// test/lint/layers.spec.ts runs this script and asserts on its output.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'lint', 'fixtures');
const configs = ['.dependency-cruiser.cjs', '.dependency-cruiser.features.cjs'];

// node_modules/@nestjs/graphql/dist/index.js, reached from a fixture as ../../../../node_modules/...,
// reads as node_modules/@nestjs/graphql.
const packageName = (path) => path.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, 'node_modules/$1');

const options = await Promise.all(configs.map((config) => extractDepcruiseOptions(join(root, config))));
const result = {};
for (const fixture of readdirSync(fixtures).sort()) {
  process.chdir(join(fixtures, fixture));
  result[fixture] = [];
  for (const cruiseOptions of options) {
    const { output } = await cruise(['src'], { ...cruiseOptions, outputType: 'json' });
    const { summary } = JSON.parse(output);
    for (const violation of summary.violations) {
      result[fixture].push({ rule: violation.rule.name, from: violation.from, to: packageName(violation.to) });
    }
  }
}
process.stdout.write(JSON.stringify(result));
