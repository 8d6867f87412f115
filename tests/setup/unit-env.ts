// Handlers validate with the precompiled validators (npm run validators). Tests also hand the HTTP
// stack ad-hoc and response schemas (LEDGERLINE_VALIDATE_RESPONSES): loading the Ajv module installs
// its compiler for those, with the profile formats the profiles response schemas use.
import { registerProfileFormats } from '../../services/profiles/tests/support/formats';

registerProfileFormats();

// Unit tests never talk to AWS: a fixed region, fake credentials, no tracing.
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'test';
process.env.AWS_SECRET_ACCESS_KEY = 'test';
process.env.POWERTOOLS_TRACE_ENABLED = 'false';
process.env.STAGE = 'test';
// Lambda runs Node 22; the SDK's notice about Node 20 support is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
