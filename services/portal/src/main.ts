/**
 * STUB, replaced by the app's real entry point when the portal branch lands (keep theirs on merge).
 * It exists so that scripts/build.ts and tests/unit/build.test.ts have something of the real shape to
 * bundle: a CommonJS entry guarded by `require.main === module`, and PGlite (dev only) reached only
 * through a dynamic import() when no database is configured.
 */
export async function startPortal(env: NodeJS.ProcessEnv = process.env): Promise<{ embedded: boolean }> {
  if (env.DATABASE_URL || env.DB_HOST) return { embedded: false };
  const { PGlite } = await import('@electric-sql/pglite');
  await new PGlite().close();
  return { embedded: true };
}

if (require.main === module) {
  void startPortal();
}
