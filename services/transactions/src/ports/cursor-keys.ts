/** The secret that signs list cursors (HMAC key), fetched once per container by the adapter. */
export type CursorKeySource = () => Promise<Buffer>;
