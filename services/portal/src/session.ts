/**
 * Server-side sessions. The browser holds only an opaque cookie; the API tokens live sealed in
 * PostgreSQL (crypto.ts) and are refreshed here, server-side, before they expire. A session ends at
 * the first of: sign-out, idle timeout, absolute timeout, or the API refusing its tokens (revoked
 * elsewhere, user locked or erased), which the portal sees on the next request.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LedgerlineApi } from './api/client';
import { createApi } from './api/client';
import type { PortalConfig } from './config';
import { hashSessionToken, newSessionToken, open, seal } from './crypto';
import type { SessionRecord, SessionStore } from './db/sessions';

export const SESSION_COOKIE = '__Host-ledgerline';
/** Plain-HTTP local runs cannot use the __Host- prefix (it requires Secure). */
export const INSECURE_SESSION_COOKIE = 'ledgerline';
const TOKENS_PURPOSE = 'api-tokens';
/** Refresh this long before the access token expires, so no API call carries a token about to lapse. */
const REFRESH_MARGIN_MS = 60_000;

export interface ApiTokens {
  accessToken: string;
  refreshToken: string;
}

export interface ActiveSession extends SessionRecord {
  tokens: ApiTokens;
}

export interface PortalRequestState {
  session?: ActiveSession;
  /** The raw cookie token of `session` (needed to re-seal refreshed tokens). */
  sessionToken?: string;
  correlationId: string;
  /** Milliseconds this request spent waiting for the APIs (Server-Timing `api`). */
  apiMs: number;
  /** The API as this request's user (or anonymous when signed out). */
  api(): LedgerlineApi;
}

declare module 'fastify' {
  interface FastifyRequest {
    portal: PortalRequestState;
  }
}

/** The JWT's claims, unverified: the token came straight from our auth API over TLS. */
export function claimsOf(token: string): { sub?: string; exp?: number; auth_time?: number } {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as never;
  } catch {
    return {};
  }
}

export class SessionManager {
  readonly cookieName: string;

  constructor(
    private readonly config: PortalConfig,
    private readonly store: SessionStore,
  ) {
    this.cookieName = config.secureCookies ? SESSION_COOKIE : INSECURE_SESSION_COOKIE;
  }

  private cookieOptions() {
    return { path: '/', httpOnly: true, secure: this.config.secureCookies, sameSite: 'strict' as const };
  }

  /** Loads the request's session, refreshing its access token when due. Never throws for a bad cookie. */
  async load(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = request.cookies[this.cookieName];
    if (!token) return;
    const idHash = hashSessionToken(token);
    const record = await this.store.findActive(idHash);
    const opened = record && open(token, TOKENS_PURPOSE, record.sealedTokens);
    if (!record || !opened) {
      reply.clearCookie(this.cookieName, this.cookieOptions());
      return;
    }
    let tokens = JSON.parse(opened) as ApiTokens;
    if (record.accessExpiresAt.getTime() - Date.now() < REFRESH_MARGIN_MS) {
      const refreshed = await this.refresh(request, tokens);
      if (!refreshed) {
        await this.store.revoke(idHash);
        reply.clearCookie(this.cookieName, this.cookieOptions());
        return;
      }
      tokens = refreshed.tokens;
      await this.store.updateTokens(
        idHash,
        seal(token, TOKENS_PURPOSE, JSON.stringify(tokens)),
        refreshed.expiresAt,
      );
    }
    await this.store.touch(idHash);
    request.portal.session = { ...record, tokens };
    request.portal.sessionToken = token;
  }

  private async refresh(request: FastifyRequest, tokens: ApiTokens) {
    const api = createApi(this.config, {
      correlationId: request.portal.correlationId,
      onCall: (ms) => (request.portal.apiMs += ms),
    });
    const { data } = await api.POST('/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    if (!data) return undefined;
    return {
      tokens: { accessToken: data.accessToken, refreshToken: data.refreshToken ?? tokens.refreshToken },
      expiresAt: new Date(Date.now() + data.expiresIn * 1000),
    };
  }

  /**
   * Starts a session for freshly issued tokens. Always a new cookie token: whatever cookie the browser
   * had before signing in is never promoted (no session fixation).
   */
  async start(
    request: FastifyRequest,
    reply: FastifyReply,
    issued: { accessToken: string; refreshToken: string; expiresIn: number },
    mfa: boolean,
  ) {
    const existing = request.cookies[this.cookieName];
    if (existing) await this.store.revoke(hashSessionToken(existing));
    const token = newSessionToken();
    const userSub = claimsOf(issued.accessToken).sub ?? '';
    const tokens: ApiTokens = { accessToken: issued.accessToken, refreshToken: issued.refreshToken };
    const record = await this.store.create(hashSessionToken(token), {
      userSub,
      sealedTokens: seal(token, TOKENS_PURPOSE, JSON.stringify(tokens)),
      accessExpiresAt: new Date(Date.now() + issued.expiresIn * 1000),
      csrfSecret: newSessionToken(),
      ip: request.ip,
      userAgent: (request.headers['user-agent'] ?? '').slice(0, 256),
      mfa,
    });
    reply.setCookie(this.cookieName, token, {
      ...this.cookieOptions(),
      maxAge: Math.floor(this.config.session.absoluteMs / 1000),
    });
    request.portal.session = { ...record, tokens };
    request.portal.sessionToken = token;
    return record;
  }

  /** Ends this browser's session (the row and the cookie). */
  async end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const session = request.portal.session;
    if (session) await this.store.revoke(session.idHash);
    reply.clearCookie(this.cookieName, this.cookieOptions());
    request.portal.session = undefined;
  }

  async endAllFor(userSub: string): Promise<number> {
    return this.store.revokeAllForUser(userSub);
  }

  async list(userSub: string) {
    return this.store.listForUser(userSub);
  }

  async revokeOwn(userSub: string, idHash: string): Promise<boolean> {
    const own = (await this.store.listForUser(userSub)).some((s) => s.idHash === idHash);
    return own ? this.store.revoke(idHash) : false;
  }
}

/**
 * What a CSRF token is bound to: the session's own random secret, or a fixed value before sign-in
 * (@fastify/csrf refuses an empty binding). A token from before sign-in is refused after it.
 */
export const csrfBinding = (request: FastifyRequest): string =>
  request.portal.session?.csrfSecret ?? 'signed-out';
