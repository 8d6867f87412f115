// Handlers validate with the precompiled validators (npm run validators). Tests also hand the HTTP
// stack ad-hoc and response schemas (LEDGERLINE_VALIDATE_RESPONSES): loading the Ajv module installs
// its compiler for those, with the profile formats the profiles response schemas use.
import { registerProfileFormats } from '../../services/profiles/tests/support/formats';

registerProfileFormats();

// Environment of every integration test file (Jest setupFiles): the handlers run in-process
// against the DynamoDB Local started by integration-global-setup.ts, never against AWS.
const endpoint = process.env.LEDGERLINE_TEST_DYNAMODB_ENDPOINT;
if (!endpoint) {
  throw new Error(
    'LEDGERLINE_TEST_DYNAMODB_ENDPOINT is not set: run integration tests through Jest ' +
      '(npm run test:integration), whose globalSetup starts DynamoDB Local.',
  );
}
process.env.DYNAMODB_ENDPOINT = endpoint;
process.env.STAGE = 'test';
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'test';
process.env.AWS_SECRET_ACCESS_KEY = 'test';
delete process.env.AWS_SESSION_TOKEN;
delete process.env.AWS_PROFILE;
process.env.POWERTOOLS_TRACE_ENABLED = 'false';
process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
process.env.LEDGERLINE_VALIDATE_RESPONSES = 'true';
// EMF metric lines on stdout are for CloudWatch; tests read the ledger, not the log.
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
// Lambda runs Node 22; the SDK's notice about Node 20 support is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Each handler reads TABLE_NAME when set; tests derive names from STAGE instead.
delete process.env.TABLE_NAME;
