/**
 * The dependency rule, checked in CI (`npm run lint:deps`).
 *
 * services/src is layered: a folder may import only folders listed before it in LAYERS (and its
 * own files). That one order implies the rest: no folder-level cycles, nothing below http/ imports
 * it, db/ imports no feature, core/ imports nothing of ours. The contract package imports nothing
 * of ours; web/ reaches the back end over HTTP only.
 */
const LAYERS = [
  'core',
  'config.ts',
  'db',
  'media',
  'transcript',
  'ai',
  'jobs',
  'services.ts',
  'webhooks',
  'search',
  'people',
  'json',
  'engagement',
  'routing',
  'pipeline',
  'digest',
  'notify',
  'contributions',
  'forwards',
  'participation',
  'interview',
  'export',
  'moderation',
  'accounts',
  'agenda',
  'workers.ts',
  'main.ts',
  'http',
  'server.ts',
  'cli',
];

const src = (name) => `^services/src/${name.replace('.', '\\.')}${name.endsWith('.ts') ? '$' : '/'}`;

const layerRules = LAYERS.map((name, i) => {
  const above = LAYERS.slice(i + 1);
  return {
    name: `layer-${name}`,
    comment: `${name} sits below ${above.join(', ') || 'nothing'} (LAYERS in .dependency-cruiser.cjs)`,
    severity: 'error',
    from: { path: src(name), pathNot: '\\.test\\.ts$' },
    to: { path: above.length ? above.map(src).join('|') : '^$' },
  };
}).filter((rule) => rule.to.path !== '^$');

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'unlayered-folder',
      comment: 'every folder of services/src has its place in LAYERS',
      severity: 'error',
      from: { path: '^services/src/' },
      to: { path: '^services/src/', pathNot: LAYERS.map(src).join('|') },
    },
    {
      name: 'no-circular',
      comment: 'modules import each other in a loop',
      severity: 'error',
      // A Svelte component may render itself (a thread of replies); other loops are errors.
      from: { path: '^(services/src|contract|web/src)/', pathNot: '\\.svelte$' },
      to: { circular: true },
    },
    {
      name: 'contract-stands-alone',
      comment: 'the contract is imported by services/ and web/, and imports neither',
      severity: 'error',
      from: { path: '^contract/' },
      to: { path: '^(services|web|eval|bench|tools)/' },
    },
    {
      name: 'web-over-http-only',
      comment: 'the web app reaches the back end over HTTP; it shares only the contract',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(services|eval|bench|tools)/' },
    },
    {
      name: 'production-code-not-to-tests-or-tools',
      comment: 'services/src does not import test helpers, eval, bench or tools',
      severity: 'error',
      from: { path: '^services/src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(services/test|eval|bench|tools)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|build|\\.svelte-kit)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'default'], extensions: ['.ts', '.js'] },
  },
};
