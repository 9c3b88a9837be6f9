// Second pass of the layer rules (see .dependency-cruiser.cjs): import cycles between FEATURE folders.
//
// Only feature folders take part (includeOnly). src/database/ and src/graphql/ import every feature to
// register its entities and enums, and every feature imports them: counted, they would put every
// feature in one loop and hide the real knots. Those folders are held by their own rules instead.
// Folder scope: src/reviews depends on src/notifications when any file under the one imports any
// file under the other; a loop of such folders is a violation, wherever in the folders it runs.
//
// The features stand in one order, each using only those before it (docs/architecture.md):
//   audit · organizations · users · provisioning · auth · jobs · vendors · subjects · requirements ·
//   notifications · compliance · reviews · ledgers · seed
// A lower feature that must let a higher one act (a deactivated user's subjects re-evaluated by
// compliance) runs a hook (src/common/hook.ts) that the higher one registers with.
const layers = require('./.dependency-cruiser.cjs');

const featureFile = layers.forbidden.find((rule) => rule.name === 'common-not-to-feature').to.path;

module.exports = {
  forbidden: [
    {
      name: 'no-feature-folder-cycle',
      comment: 'Dependencies between feature folders point one way: no two features import each other, even around a loop.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/[^/]+$' },
      to: { path: '^src/', circular: true },
    },
  ],
  options: { ...layers.options, includeOnly: featureFile },
};
