import { createSocket, type Socket } from 'node:dgram';
import type { SubsegmentDocument } from './segment-document';

/** Every datagram starts with this header line (the daemon's wire format). */
const HEADER = '{"format":"json","version":1}\n';
/** The daemon drops datagrams above 64 KB. */
const MAX_DATAGRAM_BYTES = 64 * 1024;

export interface DaemonAddress {
  host: string;
  port: number;
}

/**
 * `AWS_XRAY_DAEMON_ADDRESS` as Lambda sets it (`169.254.79.129:2000`), or the two-protocol form
 * `tcp:127.0.0.1:2000 udp:127.0.0.2:2001`, of which the UDP address is what segments go to.
 */
export function parseDaemonAddress(value: string | undefined): DaemonAddress {
  const fallback = { host: '127.0.0.1', port: 2000 };
  if (!value) return fallback;
  const udp = value.split(/\s+/).find((part) => part.startsWith('udp:')) ?? value.split(/\s+/)[0]!;
  const match = /^(?:udp:|tcp:)?([^:\s]+):(\d{1,5})$/.exec(udp);
  return match ? { host: match[1]!, port: Number(match[2]) } : fallback;
}

/**
 * Sends finished subsegments to the X-Ray daemon over UDP, as the X-Ray SDK does: fire and forget
 * (a lost datagram costs a span, never a request), one unref'd socket per process.
 */
export class XRayDaemonClient {
  private socket: Socket | undefined;
  /** Datagrams waiting for the socket to connect (the first invocation's only). */
  private pending: Buffer[] | undefined;

  constructor(
    private readonly address: DaemonAddress,
    private readonly onDropped: (reason: string, error?: unknown) => void = () => undefined,
  ) {}

  send(document: SubsegmentDocument): void {
    const payload = Buffer.from(HEADER + JSON.stringify(document));
    if (payload.length > MAX_DATAGRAM_BYTES) {
      this.onDropped(`segment document of ${payload.length} bytes exceeds the daemon's 64 KB`);
      return;
    }
    if (!this.socket) this.connect();
    if (this.pending) {
      this.pending.push(payload);
      return;
    }
    this.write(payload);
  }

  /** Connected once: a send to an address resolves the address on every datagram. */
  private connect(): void {
    const socket = createSocket('udp4');
    this.socket = socket;
    this.pending = [];
    socket.unref();
    socket.on('error', (error) => this.onDropped('X-Ray daemon socket error', error));
    socket.connect(this.address.port, this.address.host, () => {
      const queued = this.pending ?? [];
      this.pending = undefined;
      for (const payload of queued) this.write(payload);
    });
  }

  private write(payload: Buffer): void {
    try {
      this.socket!.send(payload, (error) => {
        if (error) this.onDropped('X-Ray datagram not sent', error);
      });
    } catch (error) {
      this.onDropped('X-Ray datagram not sent', error);
    }
  }
}
