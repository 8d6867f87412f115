import { randomFillSync } from 'node:crypto';

/**
 * An X-Ray subsegment document (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html).
 * On Lambda the function's segment belongs to the service; a function only ever sends subsegments,
 * each naming its parent.
 */
export interface SubsegmentDocument {
  id: string;
  name: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  /** Set on a document sent on its own. */
  type?: 'subsegment';
  trace_id?: string;
  parent_id?: string;
  namespace?: 'aws' | 'remote';
  annotations?: Record<string, string | number | boolean>;
  aws?: Record<string, unknown>;
  http?: { response?: { status?: number; content_length?: number } };
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  cause?: { exceptions: { id: string; type: string; message: string; remote?: boolean }[] };
  subsegments?: SubsegmentDocument[];
}

// Ids come from a pool of random bytes refilled 512 ids at a time (as randomUUID does): a
// randomBytes(8) per id was a system call per subsegment, ≈ 20 µs of every traced request.
const pool = Buffer.alloc(8 * 512);
let offset = pool.length;

/** A random 64-bit segment id, 16 lowercase hex digits. */
export function newSegmentId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += 8;
  return pool.toString('hex', offset - 8, offset);
}

/** X-Ray times are epoch seconds with sub-millisecond precision. */
export const epochSeconds = (): number => (performance.timeOrigin + performance.now()) / 1000;

/** Keys X-Ray indexes: letters, digits and underscores only (anything else is dropped by X-Ray). */
export const ANNOTATION_KEY = /^[A-Za-z0-9_]{1,500}$/;

/** Records an error on a document: `fault` for our failures, `error` for a 4xx from a remote call. */
export function recordException(document: SubsegmentDocument, error: unknown, remote = false): void {
  const cause = error instanceof Error ? error : new Error(String(error));
  document.cause = {
    exceptions: [
      { id: newSegmentId(), type: cause.name, message: cause.message, ...(remote && { remote: true }) },
    ],
  };
}
