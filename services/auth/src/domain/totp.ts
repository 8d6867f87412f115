/** The issuer authenticator apps show next to the account (Key Uri Format `issuer`). */
export const TOTP_ISSUER = 'Ledgerline';

/**
 * The `otpauth://` URI of an authenticator secret (Google Authenticator's Key Uri Format), for a QR
 * code: `otpauth://totp/Ledgerline:<label>?secret=<base32>&issuer=Ledgerline`. Cognito's TOTP is
 * the format's default (SHA-1, 6 digits, 30 s), so no other parameters are needed.
 *
 * @example
 * otpauthUri('JBSWY3DPEHPK3PXP', 'user-sub');
 * // 'otpauth://totp/Ledgerline:user-sub?secret=JBSWY3DPEHPK3PXP&issuer=Ledgerline'
 */
export function otpauthUri(secretCode: string, label: string): string {
  const issuer = encodeURIComponent(TOTP_ISSUER);
  return (
    `otpauth://totp/${issuer}:${encodeURIComponent(label)}` +
    `?secret=${encodeURIComponent(secretCode)}&issuer=${issuer}`
  );
}
