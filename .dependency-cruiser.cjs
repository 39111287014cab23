// Import rules over the whole module graph (`npm run lint:deps`, part of `npm run lint`).
// Folder boundaries (core → bot/action, bot ↔ action) are eslint's (eslint.config.js); these
// are the rules that need the graph: no import cycles, and benchmarks never import tests.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Modules that import each other (type-only imports included): split out what both need, or pass it in.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'bench-not-to-test',
      severity: 'error',
      comment: 'bench/ measures the product; it may not import test/ (helpers, fakes, fixtures).',
      from: { path: '^bench/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(lib|dist|node_modules|coverage)/' },
    // Type-only imports count: they are edges a reader follows too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
