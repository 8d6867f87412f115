import { createSocket } from 'node:dgram';

/** An X-Ray segment document as parsed from a datagram (fields checked by the tests). */
export interface SegmentDocument {
  id: string;
  name: string;
  trace_id?: string;
  parent_id?: string;
  type?: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  namespace?: string;
  annotations?: Record<string, unknown>;
  aws?: Record<string, unknown>;
  http?: { response?: { status?: number } };
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  cause?: { exceptions?: { id?: string; type?: string; message?: string; remote?: boolean }[] };
  subsegments?: SegmentDocument[];
}

export interface Datagram {
  bytes: number;
  header: unknown;
  document: SegmentDocument;
}

export interface XrayDaemon {
  /** `host:port`, as AWS_XRAY_DAEMON_ADDRESS takes it. */
  address: string;
  datagrams: Datagram[];
  /** Raw text of datagrams that did not parse as `<header>\n<document>`. */
  malformed: string[];
  clear(): void;
  close(): Promise<void>;
}

/**
 * A stand-in for the X-Ray daemon: a UDP socket on 127.0.0.1 that keeps every datagram, parsed as
 * the daemon's wire format (a JSON header line, then one segment document).
 *
 * @example
 * const daemon = await startXrayDaemon();
 * process.env.AWS_XRAY_DAEMON_ADDRESS = daemon.address;
 */
export async function startXrayDaemon(): Promise<XrayDaemon> {
  const socket = createSocket('udp4');
  const daemon: XrayDaemon = {
    address: '',
    datagrams: [],
    malformed: [],
    clear() {
      daemon.datagrams.length = 0;
      daemon.malformed.length = 0;
    },
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
  socket.on('message', (message) => {
    const text = message.toString('utf8');
    const newline = text.indexOf('\n');
    try {
      daemon.datagrams.push({
        bytes: message.length,
        header: JSON.parse(text.slice(0, newline)),
        document: JSON.parse(text.slice(newline + 1)) as SegmentDocument,
      });
    } catch {
      daemon.malformed.push(text);
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  daemon.address = `127.0.0.1:${socket.address().port}`;
  return daemon;
}
