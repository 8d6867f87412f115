import { normaliseEmail, passwordProblems } from '../../../src/domain/credentials';

describe('passwordProblems', () => {
  it('accepts a password meeting every rule', () => {
    expect(passwordProblems('Correct-Horse-9-Battery')).toEqual([]);
  });

  it.each([
    ['Sh0rt!pass', 'at least 12 characters'],
    ['no-uppercase-123', 'an uppercase letter'],
    ['NO-LOWERCASE-123', 'a lowercase letter'],
    ['No-Digits-Anywhere', 'a digit'],
    ['NoSymbols1234567', 'a symbol'],
  ])('%s needs %s', (password, missing) => {
    const [problem] = passwordProblems(password);
    expect(problem?.pointer).toBe('/body/password');
    expect(problem?.detail).toContain(missing);
  });
});

describe('normaliseEmail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Someone@Example.COM ')).toBe('someone@example.com');
  });
});
