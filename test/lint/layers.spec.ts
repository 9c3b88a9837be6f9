// The layer rules of `npm run lint` (.dependency-cruiser.cjs and .dependency-cruiser.features.cjs)
// each fail on a planted violation: every fixture tree in test/lint/fixtures/<rule>/src breaks exactly
// the rule it is named after, in exactly the files listed here, and the clean tree breaks none.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const fixtures = join(__dirname, 'fixtures');

interface Violation {
  rule: string;
  from: string;
  to: string;
}

// What each fixture must report, and nothing else. `to` is the module the rule caught: for a rule that
// follows imports transitively, the framework reached through the files in between.
const expected: Record<string, Violation[]> = {
  clean: [],
  'pure-no-framework': [
    // era-date.ts imports only ../common/date-scalar, which imports graphql.
    { rule: 'pure-no-framework', from: 'src/ledgers/era-date.ts', to: 'node_modules/graphql' },
    { rule: 'pure-no-framework', from: 'src/subjects/subject.enums.ts', to: 'node_modules/@nestjs/graphql' },
    // `import type` counts too.
    { rule: 'pure-no-framework', from: 'src/vendors/corporate-number.ts', to: 'node_modules/typeorm' },
  ],
  // src/domain/ (the shared vocabulary) is held like src/common/.
  'common-not-to-feature': [
    { rule: 'common-not-to-feature', from: 'src/common/names.ts', to: 'src/vendors/vendor-name.ts' },
    { rule: 'common-not-to-feature', from: 'src/domain/kinds.ts', to: 'src/vendors/vendor-name.ts' },
  ],
  'notifications-not-to-reviews': [
    { rule: 'notifications-not-to-reviews', from: 'src/notifications/reminder-mail.ts', to: 'src/reviews/review-calendar.ts' },
  ],
  'entity-not-to-graphql': [
    { rule: 'entity-not-to-graphql', from: 'src/reviews/review.entity.ts', to: 'src/reviews/review.model.ts' },
    // vendor.entity.ts imports ./vendor-columns, which imports graphql; its plain enum file is fine.
    { rule: 'entity-not-to-graphql', from: 'src/vendors/vendor.entity.ts', to: 'node_modules/graphql' },
  ],
  'edge-not-to-data-access': [
    { rule: 'edge-not-to-data-access', from: 'src/ledgers/ledgers.controller.ts', to: 'src/database/data-source.ts' },
    { rule: 'edge-not-to-data-access', from: 'src/vendors/vendor.loader.ts', to: 'node_modules/pg' },
    { rule: 'edge-not-to-data-access', from: 'src/vendors/vendors.resolver.ts', to: 'node_modules/typeorm' },
  ],
  // The loader and the worker may use their own feature's repository, a service another feature's.
  'edge-not-to-other-feature-repository': [
    {
      rule: 'edge-not-to-other-feature-repository',
      from: 'src/reviews/jobs/review-notice.worker.ts',
      to: 'src/subjects/subject.repository.ts',
    },
    { rule: 'edge-not-to-other-feature-repository', from: 'src/reviews/reviews.resolver.ts', to: 'src/subjects/subject.repository.ts' },
  ],
  // One cycle is one violation; the two entities of src/vendors/ that name each other are allowed.
  'no-module-cycle': [{ rule: 'no-module-cycle', from: 'src/subjects/subject-reader.ts', to: 'src/subjects/subject-writer.ts' }],
  // No file imports itself, yet src/vendors and src/subjects use each other.
  'no-feature-folder-cycle': [
    { rule: 'no-feature-folder-cycle', from: 'src/subjects', to: 'src/vendors' },
    { rule: 'no-feature-folder-cycle', from: 'src/vendors', to: 'src/subjects' },
  ],
  'not-to-unresolvable': [{ rule: 'not-to-unresolvable', from: 'src/vendors/vendors.service.ts', to: './missing' }],
};

const byPlace = (a: Violation, b: Violation): number => `${a.from} ${a.to}`.localeCompare(`${b.from} ${b.to}`);

describe('layer rules (dependency-cruiser)', () => {
  let found: Record<string, Violation[]>;

  beforeAll(async () => {
    const { stdout } = await run(process.execPath, [join(__dirname, 'cruise-fixtures.mjs')], { cwd: root });
    found = JSON.parse(stdout) as Record<string, Violation[]>;
  });

  it('has a fixture for every rule of both configurations, and one clean tree', async () => {
    const rules = [...(await ruleNames('.dependency-cruiser.cjs')), ...(await ruleNames('.dependency-cruiser.features.cjs'))];
    expect(readdirSync(fixtures).sort()).toEqual(['clean', ...rules].sort());
    expect(Object.keys(expected).sort()).toEqual(['clean', ...rules].sort());
  });

  it.each(Object.keys(expected))('%s', (fixture) => {
    expect([...found[fixture]].sort(byPlace)).toEqual([...expected[fixture]].sort(byPlace));
  });

  // The same configurations through the command line, as `npm run lint` runs them: a violation is an
  // error that names its rule, and the exit code is the number of errors; the clean tree passes.
  it('fails `depcruise` on a violation and passes it on the clean tree', async () => {
    const depcruise = (fixture: string, config: string) =>
      run(process.execPath, [join(root, 'node_modules', '.bin', 'depcruise'), 'src', '--config', join(root, config)], {
        cwd: join(fixtures, fixture),
      });

    await expect(depcruise('pure-no-framework', '.dependency-cruiser.cjs')).rejects.toMatchObject({
      code: 3,
      stdout: expect.stringContaining('error pure-no-framework: src/ledgers/era-date.ts'),
    });
    await expect(depcruise('no-feature-folder-cycle', '.dependency-cruiser.features.cjs')).rejects.toMatchObject({
      code: 2,
      stdout: expect.stringContaining('error no-feature-folder-cycle: src/subjects'),
    });
    for (const config of ['.dependency-cruiser.cjs', '.dependency-cruiser.features.cjs']) {
      const { stdout } = await depcruise('clean', config);
      expect(stdout).toContain('no dependency violations found');
    }
  });
});

async function ruleNames(config: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, [
    '-e',
    `process.stdout.write(JSON.stringify(require(${JSON.stringify(join(root, config))}).forbidden.map((rule) => rule.name)))`,
  ]);
  return JSON.parse(stdout) as string[];
}
