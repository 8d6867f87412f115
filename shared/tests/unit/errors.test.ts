import { ProblemError } from '../../src/errors';
import { problemResponse } from '../../src/http/problem-response';

describe('ProblemError', () => {
  it('captures no stack frames for an expected 4xx, and keeps its cause', () => {
    const cause = new Error('condition failed');
    const problem = new ProblemError('conflict', { detail: 'busy', cause });
    expect(problem.stack).toBe('ProblemError: busy');
    expect(problem.cause).toBe(cause);
    expect(cause.stack).toMatch(/\n\s+at /);
    expect(problem).toMatchObject({ slug: 'conflict', status: 409, detail: 'busy' });
  });

  it('keeps the stack of a 5xx, and restores the stack limit for everything else', () => {
    const limit = Error.stackTraceLimit;
    const problem = new ProblemError('internal-error', { cause: { table: 'x' } });
    expect(problem.stack).toMatch(/\n\s+at /);
    expect(problem.cause).toEqual({ table: 'x' });
    new ProblemError('not-found');
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('plain').stack).toMatch(/\n\s+at /);
  });
});

describe('ProblemError extension members (RFC 9457 §3.2)', () => {
  it('renders them after the standard members, which they never replace', () => {
    // Prepare
    const problem = new ProblemError('forbidden', {
      detail: 'Complete the challenge.',
      extensions: { challenge: 'SOFTWARE_TOKEN_MFA', sessionExpiresIn: 180, status: 200, type: 'x' },
    });

    // Act
    const response = problemResponse(problem, 'req-1');

    // Assess
    expect(JSON.parse(response.body)).toEqual({
      type: 'https://ledgerline.dev/problems/forbidden',
      title: 'You are not allowed to do this.',
      status: 403,
      detail: 'Complete the challenge.',
      instance: 'req-1',
      challenge: 'SOFTWARE_TOKEN_MFA',
      sessionExpiresIn: 180,
    });
    expect(response.headers).toMatchObject({ 'content-type': 'application/problem+json' });
  });

  it('has none by default', () => {
    expect(new ProblemError('not-found').extensions).toEqual({});
    expect(Object.keys(JSON.parse(problemResponse(new ProblemError('not-found'), 'r').body))).toEqual([
      'type',
      'title',
      'status',
      'detail',
      'instance',
    ]);
  });
});
