/**
 * Devices: the mobile app's device sessions (profiles API; "sign out this device" ends that device's
 * session there) and this person's portal browser sessions (ended here, in the portal's database).
 */
import type { FastifyInstance } from 'fastify';
import type { PortalContext } from '../context';
import { apiCall, auditOf, requireSession, sessionOf } from '../context';

const DEVICE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const SESSION_REF = /^[0-9a-f]{64}$/;

/** A browser label from its user agent, coarse on purpose (no version numbers kept on the page). */
export function browserLabel(userAgent: string): string {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Browser';
  const system = /Windows/.test(userAgent)
    ? 'Windows'
    : /Mac OS X/.test(userAgent)
      ? 'macOS'
      : /Android/.test(userAgent)
        ? 'Android'
        : /iPhone|iPad/.test(userAgent)
          ? 'iOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : '';
  return system ? `${browser} on ${system}` : browser;
}

export function registerDeviceRoutes(app: FastifyInstance, context: PortalContext): void {
  const { render, sessions } = context;

  app.get('/devices', { preHandler: requireSession }, async (request, reply) => {
    const session = sessionOf(request);
    const devices = await apiCall(
      'profiles.listSessions',
      () => request.portal.api().GET('/profiles/me/sessions'),
      [404],
    );
    const browsers = await sessions.list(session.userSub);
    return render(request, reply, 'devices', {
      title: 'Devices',
      devices: devices.ok ? devices.data.sessions : [],
      browsers: browsers.map((browser) => ({
        ref: browser.idHash,
        label: browserLabel(browser.userAgent),
        createdAt: browser.createdAt.toISOString(),
        lastSeenAt: browser.lastSeenAt.toISOString(),
        current: browser.idHash === session.idHash,
      })),
    });
  });

  app.post<{ Params: { deviceId: string } }>(
    '/devices/:deviceId/sign-out',
    { preHandler: requireSession },
    async (request, reply) => {
      const { deviceId } = request.params;
      if (!DEVICE_ID.test(deviceId)) return reply.redirect('/devices', 303);
      const result = await apiCall(
        'profiles.deleteSession',
        () =>
          request.portal.api().DELETE('/profiles/me/sessions/{deviceId}', { params: { path: { deviceId } } }),
        [404],
      );
      await auditOf(context, request)('sign-out-device', result.ok ? 'success' : 'failure', deviceId);
      return reply.redirect('/devices?notice=device-signed-out', 303);
    },
  );

  app.post<{ Params: { ref: string } }>(
    '/devices/browsers/:ref/sign-out',
    { preHandler: requireSession },
    async (request, reply) => {
      const session = sessionOf(request);
      const { ref } = request.params;
      const ended = SESSION_REF.test(ref) && (await sessions.revokeOwn(session.userSub, ref));
      await auditOf(context, request)('sign-out-browser', ended ? 'success' : 'failure');
      if (ended && ref === session.idHash) return reply.redirect('/sign-in?notice=signed-out', 303);
      return reply.redirect('/devices?notice=device-signed-out', 303);
    },
  );
}
