// The folder-cycle rule (.dependency-cruiser.features.cjs) against its baseline: the loops between
// feature folders that existed when the rule was introduced are listed in
// .dependency-cruiser-known-folder-cycles.json and reported as known; any other loop fails.
// A known loop that has gone must be removed from the list (so the list only shrinks): run
// `npx depcruise-baseline src --config .dependency-cruiser.features.cjs --output-to .dependency-cruiser-known-folder-cycles.json`.
// (depcruise's own --ignore-known does not match folder-scope violations.)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const options = await extractDepcruiseOptions(join(root, '.dependency-cruiser.features.cjs'));
const { output } = await cruise(['src'], { ...options, outputType: 'json' });
const key = (violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`;
const found = new Set(JSON.parse(output).summary.violations.map(key));
const known = new Set(JSON.parse(readFileSync(join(root, '.dependency-cruiser-known-folder-cycles.json'), 'utf8')).map(key));

const added = [...found].filter((k) => !known.has(k)).sort();
const gone = [...known].filter((k) => !found.has(k)).sort();
for (const k of added) process.stderr.write(`  error (new) ${k}\n`);
for (const k of gone) process.stderr.write(`  gone from the code, remove from the baseline: ${k}\n`);
process.stdout.write(`folder cycles: ${found.size} (${found.size - added.length} known, ${added.length} new)\n`);
process.exit(added.length > 0 || gone.length > 0 ? 1 : 0);
