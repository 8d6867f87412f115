import { ProblemError } from '../../src/errors';

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
