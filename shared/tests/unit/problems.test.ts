import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { problemTypes, problemTypeUri } from '../../src/problems';
import { ProblemError, isTransientAwsError } from '../../src/errors';

describe('problem registry', () => {
  const catalogue = readFileSync(join(__dirname, '../../../docs/errors.md'), 'utf8');

  it.each(Object.entries(problemTypes))('documents %s with its status in docs/errors.md', (slug, kind) => {
    expect(catalogue).toMatch(
      new RegExp(`\\| \`${problemTypeUri(slug as keyof typeof problemTypes)}\` \\| ${kind.status} \\|`),
    );
  });

  it('uses client-error statuses except for the two server kinds', () => {
    const serverKinds = Object.entries(problemTypes)
      .filter(([, k]) => k.status >= 500)
      .map(([slug]) => slug);
    expect(serverKinds.sort()).toEqual(['internal-error', 'service-unavailable']);
  });
});

describe('ProblemError', () => {
  it('takes status and title from the registry and keeps the cause out of the detail', () => {
    const error = new ProblemError('insufficient-funds', { cause: { balance: 10 } });

    expect(error).toMatchObject({
      status: 422,
      slug: 'insufficient-funds',
      detail: problemTypes['insufficient-funds'].title,
    });
    expect(error.cause).toEqual({ balance: 10 });
  });
});

describe('isTransientAwsError', () => {
  it.each([
    [Object.assign(new Error('x'), { name: 'ProvisionedThroughputExceededException' }), true],
    [Object.assign(new Error('x'), { name: 'TimeoutError' }), true],
    [Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), true],
    [Object.assign(new Error('x'), { $metadata: { httpStatusCode: 500 } }), true],
    [
      Object.assign(new Error('x'), {
        name: 'ConditionalCheckFailedException',
        $metadata: { httpStatusCode: 400 },
      }),
      false,
    ],
    [new Error('bug'), false],
    ['not an error', false],
    [null, false],
    // Node's own socket errors as a Jest sandbox sees them: made in another realm, so not
    // `instanceof Error` here (a 500 in the reliability suite's in-process SDK-fault run).
    [runInNewContext("Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })"), true],
    [runInNewContext("Object.assign(new Error('t'), { name: 'TimeoutError' })"), true],
    [runInNewContext("Object.assign(new Error('x'), { name: 'ValidationException' })"), false],
  ])('classifies %p as transient=%p', (error, expected) => {
    expect(isTransientAwsError(error)).toBe(expected);
  });
});
