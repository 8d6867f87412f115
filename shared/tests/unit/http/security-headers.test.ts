import httpSecurityHeaders from '@middy/http-security-headers';
import { securityHeaders } from '../../../src/http/security-headers';

type AnyRequest = Parameters<NonNullable<ReturnType<typeof securityHeaders>['after']>>[0];
const requestWith = (headers: Record<string, string>) =>
  ({ response: { statusCode: 201, headers: { ...headers }, body: '{}' } }) as unknown as AnyRequest;

describe('securityHeaders (precomputed @middy/http-security-headers)', () => {
  it.each([
    ['a JSON response', { 'content-type': 'application/json', location: '/x' }],
    ['a problem response', { 'content-type': 'application/problem+json', 'cache-control': 'no-store' }],
    ['an empty response', {}],
    ['an HTML response (HTML-only headers too)', { 'content-type': 'text/html; charset=utf-8' }],
  ])('adds exactly what the package adds, to %s', async (_name, headers) => {
    const ours = requestWith(headers);
    const theirs = requestWith(headers);
    await securityHeaders().after!(ours);
    await httpSecurityHeaders().after!(theirs as never);
    expect(ours.response).toEqual(theirs.response);
    expect(ours.response!.headers).toMatchObject({ 'Strict-Transport-Security': expect.any(String) });
  });

  it('gives every response its own headers object (the precomputed one is never shared)', async () => {
    const middleware = securityHeaders();
    const first = requestWith({});
    const second = requestWith({});
    await middleware.after!(first);
    await middleware.after!(second);
    first.response!.headers!['X-Content-Type-Options'] = 'changed';
    expect(second.response!.headers!['X-Content-Type-Options']).toBe('nosniff');
  });

  it('leaves an error without a response alone', async () => {
    const request = { response: undefined } as unknown as AnyRequest;
    await securityHeaders().onError!(request);
    expect(request.response).toBeUndefined();
  });
});
