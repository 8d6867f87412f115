// docs/auth.md, "Who may do what", is the auth service's authorization table as written in
// src/domain/rules.ts: the same rows, in the same order (tests/integration/sessions.test.ts and
// totp-mfa.test.ts run the refusals).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTE_RULES } from '../../../src/domain/rules';
import { routes } from '../../../src/routes';

const callerText = (caller: string) =>
  caller === 'anyone'
    ? 'anyone (public)'
    : caller === 'user'
      ? 'user (access token)'
      : `service: \`${caller}\``;

const renderRouteRules = () =>
  Object.entries(ROUTE_RULES)
    .map(([route, rule]) => {
      const { method, path } = routes[route as keyof typeof routes];
      return `| \`${method.toUpperCase()} ${path}\` | ${callerText(rule.caller)} | ${rule.acts_on} |`;
    })
    .join('\n');

it('docs/auth.md shows the rules of src/domain/rules.ts, row for row', () => {
  const doc = readFileSync(join(__dirname, '../../../../../docs/auth.md'), 'utf8');
  expect(doc).toContain(`| route | caller | acts on |\n|---|---|---|\n${renderRouteRules()}\n`);
});

it('has a rule for every route but health, and public routes are exactly those without the authorizer', () => {
  const withoutHealth = Object.keys(routes).filter((route) => route !== 'health');
  expect(Object.keys(ROUTE_RULES).sort()).toEqual(withoutHealth.sort());
  for (const [route, rule] of Object.entries(ROUTE_RULES)) {
    const { authorizer } = routes[route as keyof typeof routes];
    expect({ route, public: rule.caller === 'anyone' }).toEqual({ route, public: authorizer === 'none' });
  }
});
