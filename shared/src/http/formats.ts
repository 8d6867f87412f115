import { fullFormats } from 'ajv-formats/dist/formats';

/**
 * The JSON Schema formats of `ajv-formats` (its format table only, without Ajv), for the generated
 * validators: formats that are functions (e.g. `date-time`) are referenced from here at run time,
 * regex formats are inlined into the generated code. The generator registers exactly these.
 */
export const formats: Record<string, unknown> = fullFormats;
