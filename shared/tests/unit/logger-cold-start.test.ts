import type { Context } from 'aws-lambda';
import type * as LoggerModule from '../../src/logger';

const context = {
  functionName: 'ledgerline-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ledgerline-test',
  memoryLimitInMB: '1024',
  awsRequestId: 'request-1',
} as Context;

function coldStartsOfTwoInvocations(): boolean[] {
  const lines: boolean[] = [];
  jest.isolateModules(() => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(JSON.parse(String(chunk)).cold_start as boolean);
      return true;
    });
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { logger } = require('../../src/logger') as typeof LoggerModule;
      for (let i = 0; i < 2; i += 1) {
        logger.addContext(context);
        logger.info('invoked');
      }
    } finally {
      write.mockRestore();
    }
  });
  return lines;
}

describe('logger cold_start', () => {
  const saved = process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
    else process.env.AWS_LAMBDA_INITIALIZATION_TYPE = saved;
  });

  it('is true on the first invocation of a process and false after, where Lambda sets no initialisation type', () => {
    delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
    expect(coldStartsOfTwoInvocations()).toEqual([true, false]);
  });

  it('is false throughout when Lambda initialised the function ahead of requests (provisioned concurrency)', () => {
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'provisioned-concurrency';
    expect(coldStartsOfTwoInvocations()).toEqual([false, false]);
  });
});
