import { otpauthUri } from '../../../src/domain/totp';

describe('otpauthUri', () => {
  it('is the Key Uri Format with the Ledgerline issuer', () => {
    expect(otpauthUri('JBSWY3DPEHPK3PXP', '8f2d6c1e-3b4a-4c5d-9e6f-7a8b9c0d1e2f')).toBe(
      'otpauth://totp/Ledgerline:8f2d6c1e-3b4a-4c5d-9e6f-7a8b9c0d1e2f?secret=JBSWY3DPEHPK3PXP&issuer=Ledgerline',
    );
  });

  it('URL-encodes the label', () => {
    expect(otpauthUri('JBSWY3DPEHPK3PXP', 'ana maria@example.com:x')).toBe(
      'otpauth://totp/Ledgerline:ana%20maria%40example.com%3Ax?secret=JBSWY3DPEHPK3PXP&issuer=Ledgerline',
    );
  });
});
