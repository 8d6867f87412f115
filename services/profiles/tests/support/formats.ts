import { ajv } from '@ledgerline/shared/http/validation';
import { profileFormats } from '../../src/domain/format-predicates';

// Ajv side of the profile formats, for tests only: handlers run the precompiled validators, which
// reach the predicates through src/validation-formats.ts (no Ajv in any bundle or in the domain).
export * from '../../src/domain/format-predicates';

/**
 * Adds the profile formats to the shared Ajv (idempotent: a second call changes nothing).
 *
 * @example
 * registerProfileFormats();
 * ajv.compile({ type: 'string', format: 'iana-time-zone' });
 */
export function registerProfileFormats(): void {
  for (const [name, validate] of Object.entries(profileFormats)) {
    if (!ajv.formats[name]) ajv.addFormat(name, { type: 'string', validate });
  }
}
