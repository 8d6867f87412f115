import { formats as sharedFormats } from '@ledgerline/shared/http/formats';
import { profileFormats } from './domain/format-predicates';

/**
 * Every format the profiles schemas may use, as the generated validators (./validators.generated.js)
 * reference them at run time: ajv-formats' table plus the profile predicates. The generator
 * registers exactly these on its Ajv, so generation and run time cannot disagree.
 */
export const formats: Record<string, unknown> = {
  ...sharedFormats,
  ...Object.fromEntries(
    Object.entries(profileFormats).map(([name, validate]) => [name, { type: 'string', validate }]),
  ),
};
