// Unit tests keep their output readable: the shared logger prints nothing unless a test
// captures it (tests/support/logs.ts). Restored after each test.
import { logger } from '../../shared/src/logger';
import { muteLogs } from '../support/logs';

beforeEach(() => muteLogs(logger));
afterEach(() => jest.restoreAllMocks());
