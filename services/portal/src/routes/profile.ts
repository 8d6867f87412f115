/**
 * The profile: view and edit. The API validates (its problem's field errors are shown beside the
 * fields, in its words); the portal only trims and turns empty optional fields into "remove".
 */
import type { FastifyInstance } from 'fastify';
import type { PortalContext } from '../context';
import { apiCall, auditOf, fieldErrors, requireSession } from '../context';

export const PROFILE_FIELDS = ['displayName', 'email', 'phone', 'locale', 'timeZone', 'country'] as const;
const OPTIONAL = new Set(['phone', 'locale', 'timeZone', 'country']);
type ProfileForm = Partial<Record<(typeof PROFILE_FIELDS)[number] | 'etag', string>>;
/** The profile's ETag as the API sent it (a quoted hash), carried by the form for If-Match. */
const ETAG = /^(W\/)?"[0-9A-Za-z-]{1,80}"$/;

export function registerProfileRoutes(app: FastifyInstance, context: PortalContext): void {
  const { render } = context;

  app.get('/profile', { preHandler: requireSession }, async (request, reply) => {
    const result = await apiCall(
      'profiles.getProfile',
      () => request.portal.api().GET('/profiles/me'),
      [404],
    );
    const profile = result.ok ? result.data : undefined;
    const etag = result.ok ? (result.headers.get('etag') ?? '') : '';
    return render(request, reply, 'profile', {
      title: 'Profile',
      exists: Boolean(profile),
      form: { ...profile, etag },
      errors: {},
    });
  });

  app.post<{ Body: ProfileForm }>('/profile', { preHandler: requireSession }, async (request, reply) => {
    const audit = auditOf(context, request);
    const form = request.body ?? {};
    const values: Record<string, string | null> = {};
    for (const field of PROFILE_FIELDS) {
      const value = String(form[field] ?? '').trim();
      if (value) values[field] = value;
      else if (OPTIONAL.has(field)) values[field] = null;
    }
    const etag = String(form.etag ?? '');
    const exists = ETAG.test(etag);
    const api = request.portal.api();
    const result = exists
      ? await apiCall(
          'profiles.updateProfile',
          () =>
            api.PATCH('/profiles/me', { params: { header: { 'If-Match': etag } }, body: values as never }),
          [400, 409, 412, 422, 428],
        )
      : await apiCall(
          'profiles.createProfile',
          () =>
            api.POST('/profiles', {
              body: Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null)) as never,
            }),
          [400, 409, 422],
        );
    if (result.ok) {
      await audit('update-profile', 'success', undefined, { fields: Object.keys(values).join(',') });
      return reply.redirect('/profile?notice=profile-saved', 303);
    }
    await audit('update-profile', 'failure', undefined, { status: result.status });
    const errors = fieldErrors(result.problem);
    if (result.status === 412 || result.status === 409)
      errors.form =
        'Your profile changed in the meantime (another device?). Reload the page and apply your change again.';
    else if (Object.keys(errors).length === 0)
      errors.form = result.problem?.detail ?? 'The profile could not be saved.';
    return render(request, reply.code(400), 'profile', { title: 'Profile', exists, form, errors });
  });
}
