// The layers that `npm run lint` holds (issue 8, part 3), checked by dependency-cruiser over src/.
// Every rule is written on path patterns (file suffixes and folders), never on a list of today's
// files, so a new feature folder or a new enum file is held the day it is added.
//
// pure-no-framework        A pure rule or enum (the files in PURE below) reaches no framework, even
//                          through the files it imports: the rules are tested without Nest or a
//                          database, and an enum must be usable from an entity, a rule and the API
//                          alike. GraphQL registers enums in its own layer (src/graphql/).
// common-not-to-feature    src/common/ (shared code) and src/domain/ (the register's shared
//                          vocabulary: enums, subject attributes, the compliance SQL) are what every
//                          feature may use, so they use no feature: one import back and every
//                          feature depends on every other.
// notifications-not-to-reviews
//                          The reminder code has one direction: reviews use notifications (inbox,
//                          e-mail), never the reverse.
// entity-not-to-graphql    An entity (*.entity.ts) reaches no GraphQL type (models, inputs, args,
//                          dto/, src/graphql/, graphql itself): a column change must not silently
//                          become an API change, and the data layer must load without the API.
// edge-not-to-data-access  Resolvers, controllers, workers and loaders reach the data through
//                          services and repositories: never TypeORM, pg or the data source. They may
//                          open a transaction (`Database.transaction`: a job runs in one), but only
//                          repositories ask `Database.manager(ctx)` for the entity manager (the
//                          `grep -rl "EntityManager|getRepository|.query(" src` check in docs/architecture.md).
// edge-not-to-other-feature-repository
//                          A resolver, controller or worker may use its own feature's repository,
//                          never another feature's: a feature changes another's data only through that
//                          feature's service. Loaders only read, batched per request: they may read
//                          through any repository.
// no-module-cycle          No file imports itself through others. The exceptions are the idioms of
//                          both frameworks: entities of ONE folder that name each other through lazy
//                          `() => Type` relations, as in an aggregate, and GraphQL models, whose object
//                          graph is cyclic by nature (Subject.reviews, Review.subject) and resolved lazily.
// no-feature-folder-cycle  (.dependency-cruiser.features.cjs) No two feature folders depend on each
//                          other, directly or around a loop: dependencies between features point one
//                          way (reviews use notifications, never the reverse).
// not-to-unresolvable      Every import resolves: an import the cruiser cannot follow would slip past
//                          the rules above.
//
// Type-only imports (`import type`) count like any other (tsPreCompilationDeps: true): a pure rule
// that names TypeORM's or Nest's types is written against that framework, and a type-only import
// between two features still ties them together. The rules are the design, not the emitted code.
// Specs are left out: they test a file, they are not part of the layers.
//
// The fixtures in test/lint/fixtures/ plant one violation of each rule; test/lint/layers.spec.ts
// runs both configurations over them and asserts the rule by name.

// Frameworks and infrastructure: Nest, TypeORM and the PostgreSQL driver and queue, GraphQL and
// Apollo, class-validator/-transformer, DataLoader, Express. Matched as resolved in node_modules
// (with or without @types) and as a bare name in case a package does not resolve.
const FRAMEWORK_PACKAGES =
  '(@nestjs/[^/]+|typeorm|pg|pg-boss|graphql|graphql-[^/]+|@apollo/[^/]+|class-validator|class-transformer|dataloader|express)';
const FRAMEWORK = [`(^|/)node_modules/(@types/)?${FRAMEWORK_PACKAGES}/`, `^(@types/)?${FRAMEWORK_PACKAGES}(/|$)`];

// Pure rules and enums, and the shared vocabulary in src/domain/. Enums live in plain `*.enum.ts` /
// `*.enums.ts` files (and the role in src/common/role.ts); src/graphql/ registers them for the API.
const PURE = [
  '^src/compliance/compliance-rules\\.ts$',
  '^src/requirements/applicability\\.ts$',
  '^src/reviews/review-calendar\\.ts$',
  '^src/ledgers/era-date\\.ts$',
  '^src/vendors/corporate-number\\.ts$',
  '^src/vendors/certification-rules\\.ts$',
  '^src/subjects/risk-tier\\.ts$',
  '^src/common/calendar\\.ts$',
  '^src/common/role\\.ts$',
  '^src/.+\\.enums?\\.ts$',
  '^src/domain/',
];

// Folders under src/ that are not features: shared code and vocabulary, the database, configuration
// and the GraphQL layer. Every other folder under src/ is a feature; files directly in src/ are neither.
const NOT_FEATURES = '(common|domain|database|config|graphql)';
const FEATURE_FILE = `^src/(?!${NOT_FEATURES}/)[^/]+/`;

const GRAPHQL_TYPE = [
  '\\.model\\.ts$',
  '\\.inputs?\\.ts$',
  '\\.args\\.ts$',
  '^src/.*/dto/',
  '^src/graphql/',
  '(^|/)node_modules/(@nestjs/graphql|graphql)/',
  '^(@nestjs/graphql|graphql)(/|$)',
];

const DATA_ACCESS = ['(^|/)node_modules/(typeorm|pg)/', '^(typeorm|pg)(/|$)', '^src/database/data-source\\.ts$'];

// The edge of the application: what the API, HTTP, the queue and the batch loaders call into.
const EDGE = '\\.(resolver|controller|worker|loader)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'pure-no-framework',
      comment: 'A pure rule or enum must not reach a framework, even through another file.',
      severity: 'error',
      from: { path: PURE },
      to: { path: FRAMEWORK, reachable: true },
    },
    {
      name: 'common-not-to-feature',
      comment: 'src/common/ and src/domain/ are used by every feature and must not import one.',
      severity: 'error',
      from: { path: '^src/(common|domain)/' },
      to: { path: FEATURE_FILE },
    },
    {
      name: 'notifications-not-to-reviews',
      comment: 'Reviews use notifications (inbox, e-mail); notifications never use reviews.',
      severity: 'error',
      from: { path: '^src/notifications/' },
      to: { path: '^src/reviews/' },
    },
    {
      name: 'entity-not-to-graphql',
      comment: 'An entity must not reach a GraphQL type, even through another file: the entity is not the API.',
      severity: 'error',
      from: { path: '\\.entity\\.ts$' },
      to: { path: GRAPHQL_TYPE, reachable: true },
    },
    {
      name: 'edge-not-to-data-access',
      comment: 'Resolvers, controllers, workers and loaders call services and repositories, never TypeORM or the Database.',
      severity: 'error',
      from: { path: EDGE },
      to: { path: DATA_ACCESS },
    },
    {
      name: 'edge-not-to-other-feature-repository',
      comment: "Resolvers, controllers and workers may use their own feature's repository, never another's.",
      severity: 'error',
      from: { path: `^src/([^/]+)/.*\\.(resolver|controller|worker)\\.ts$` },
      to: { path: '\\.repository\\.ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'no-module-cycle',
      comment: 'No import cycles, except entities of one folder that name each other, and GraphQL models.',
      severity: 'error',
      from: { path: '^(.*/)[^/]+$' },
      to: { circular: true, via: { pathNot: '^$1[^/]+\\.entity\\.ts$|\\.model\\.ts$' } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import the cruiser cannot resolve would slip past the rules.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    // NestJS 12 and some other packages resolve through their package.json `exports` only.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
