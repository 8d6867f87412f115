import type { MiddlewareObj } from '@middy/core';
import { formatTraceHeader, parseTraceHeader, type TraceHeader } from './trace-header';
import {
  ANNOTATION_KEY,
  epochSeconds,
  newSegmentId,
  recordException,
  type SubsegmentDocument,
} from './segment-document';
import { parseDaemonAddress, XRayDaemonClient } from './xray-daemon';

/** What the tracer needs from an AWS SDK v3 client: its middleware stack and its region. */
interface TraceableClient {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'build'; name: string; override?: boolean }): void;
  };
  config: { region: string | (() => Promise<string>) };
}

interface CommandContext {
  clientName?: string;
  commandName?: string;
}

interface CommandArgs {
  input?: Record<string, unknown>;
  request?: { headers?: Record<string, string> };
}

interface CommandMetadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts?: number;
}

/** One traced AWS call: see `Tracer.beginAwsCall`. */
export interface AwsCallSpan {
  /** The `X-Amzn-Trace-Id` for the request: this trace, this call's subsegment as the parent. */
  traceHeader: string;
  end(outcome: {
    region?: string;
    status?: number;
    requestId?: string;
    attempts?: number;
    error?: unknown;
  }): void;
}

export interface TracerOptions {
  serviceName: string;
  enabled: boolean;
  daemonAddress?: string;
  /** Where a dropped datagram is reported (never thrown: tracing must not fail a request). */
  onDropped?: (reason: string, error?: unknown) => void;
}

const MIDDLEWARE_NAME = 'LedgerlineXRayTracing';

/**
 * The request parameters worth showing, as the X-Ray SDK's list for DynamoDB and S3 had them: which
 * table, index or bucket and whether the read was consistent — never keys, items or object keys
 * (they hold personal data).
 */
function resourceOf(input: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!input) return {};
  const shown: Record<string, unknown> = {};
  if (typeof input.TableName === 'string') shown.table_name = input.TableName;
  if (typeof input.IndexName === 'string') shown.index_name = input.IndexName;
  if (typeof input.ConsistentRead === 'boolean') shown.consistent_read = input.ConsistentRead;
  if (input.RequestItems && typeof input.RequestItems === 'object') {
    shown.table_names = Object.keys(input.RequestItems);
  }
  if (Array.isArray(input.TransactItems)) {
    const tables = new Set<string>();
    for (const item of input.TransactItems as Record<string, { TableName?: string } | undefined>[]) {
      for (const action of Object.values(item)) if (action?.TableName) tables.add(action.TableName);
    }
    shown.table_names = [...tables];
  }
  if (typeof input.Bucket === 'string') shown.bucket_name = input.Bucket;
  return shown;
}

/**
 * X-Ray tracing for Lambda handlers and AWS SDK v3 clients, writing segment documents straight to
 * the daemon. It shows what the X-Ray SDK (through Powertools Tracer) showed — under the function's
 * segment a `## <handler>` subsegment annotated `ColdStart` and `Service`, and inside it one `aws`
 * subsegment per SDK call with operation, region, request id, retries, table and HTTP status, the
 * downstream `X-Amzn-Trace-Id` naming that subsegment — without the X-Ray SDK's 130 KB of bundle
 * (with cls-hooked and semver) and its async hooks on every promise. A Lambda instance serves one
 * invocation at a time, so the open handler subsegment is plain state, not async context.
 *
 * @example
 * const client = tracer.captureAWSv3Client(new DynamoDBClient({}));
 * middy(handler).use(tracer.handlerMiddleware());
 * tracer.putAnnotation('correlation_id', id);
 */
export class Tracer {
  readonly enabled: boolean;
  private readonly daemon: XRayDaemonClient;
  private coldStart: boolean;
  private trace: TraceHeader | undefined;
  private handler: SubsegmentDocument | undefined;

  constructor(private readonly options: TracerOptions) {
    this.enabled = options.enabled;
    this.daemon = new XRayDaemonClient(parseDaemonAddress(options.daemonAddress), options.onDropped);
    // As Powertools: provisioned concurrency and SnapStart initialise ahead of any request.
    const initialization = process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
    this.coldStart = initialization === undefined || initialization === 'on-demand';
  }

  /** Adds an indexed annotation to the open handler subsegment (ignored when not tracing). */
  putAnnotation(key: string, value: string | number | boolean): void {
    if (!this.handler || !ANNOTATION_KEY.test(key)) return;
    (this.handler.annotations ??= {})[key] = value;
  }

  /**
   * Opens the `## <handler>` subsegment for one invocation, under the function segment named by
   * `_X_AMZN_TRACE_ID` (Lambda sets it per invocation). Not sampled, or no header: nothing is recorded.
   */
  beginInvocation(handlerName = process.env._HANDLER ?? 'handler'): void {
    const coldStart = this.coldStart;
    this.coldStart = false;
    this.handler = undefined;
    this.trace = this.enabled ? parseTraceHeader(process.env._X_AMZN_TRACE_ID) : undefined;
    if (!this.trace?.sampled || !this.trace.parent) return;
    this.handler = {
      id: newSegmentId(),
      name: `## ${handlerName}`.slice(0, 200),
      start_time: epochSeconds(),
      annotations: { ColdStart: coldStart, Service: this.options.serviceName },
    };
  }

  /**
   * Closes and sends the handler subsegment. X-Ray's flags: `error` for a 4xx answer (the client's
   * fault), `fault` for a 5xx or an exception that escaped, with the exception as the cause.
   */
  endInvocation(outcome: { status?: number; error?: unknown } = {}): void {
    const handler = this.handler;
    const trace = this.trace;
    this.handler = undefined;
    this.trace = undefined;
    if (!handler || !trace) return;
    handler.end_time = epochSeconds();
    const status = outcome.status;
    if (status !== undefined && status >= 400 && status < 500) handler.error = true;
    else if (outcome.error !== undefined || (status !== undefined && status >= 500)) handler.fault = true;
    if (outcome.error !== undefined) recordException(handler, outcome.error);
    this.daemon.send({ ...handler, type: 'subsegment', trace_id: trace.root, parent_id: trace.parent });
  }

  /**
   * Opens the subsegment of one AWS call (all its attempts): in the open handler subsegment, or —
   * outside a traced handler (stream and scheduled functions, the authorizer) — straight under the
   * function segment, as the X-Ray SDK does in Lambda. Undefined when the invocation is not traced.
   * Send `traceHeader` as the request's `X-Amzn-Trace-Id`, and `end()` the call exactly once.
   *
   * @example
   * const call = tracer.beginAwsCall('DynamoDB', 'BatchGetItem', { table_names: [table] });
   * const response = await fetch(url, { headers: { ...(call && { 'X-Amzn-Trace-Id': call.traceHeader }) } });
   * call?.end({ region, status: response.status, requestId: response.headers.get('x-amzn-requestid') });
   */
  beginAwsCall(
    service: string,
    operation: string,
    resource: Record<string, unknown> = {},
  ): AwsCallSpan | undefined {
    if (!this.enabled) return undefined;
    const parent = this.handler;
    const trace = parent ? this.trace : parseTraceHeader(process.env._X_AMZN_TRACE_ID);
    if (!trace?.sampled || !trace.parent) return undefined;
    const subsegment: SubsegmentDocument = {
      id: newSegmentId(),
      name: service,
      start_time: epochSeconds(),
      namespace: 'aws',
    };
    if (parent) (parent.subsegments ??= []).push(subsegment);
    return {
      traceHeader: formatTraceHeader(trace, subsegment.id),
      end: ({ region, status, requestId, attempts, error }) => {
        subsegment.aws = {
          operation,
          ...(region && { region }),
          ...(requestId && { request_id: requestId }),
          retries: Math.max(0, (attempts ?? 1) - 1),
          ...resource,
        };
        if (status) {
          subsegment.http = { response: { status } };
          if (status === 429) subsegment.throttle = true;
          if (status >= 500) subsegment.fault = true;
          else if (status >= 400) subsegment.error = true;
        }
        if (error !== undefined) {
          if ((error as { name?: string }).name?.includes('Throttl')) subsegment.throttle = true;
          if (!subsegment.error && !subsegment.throttle) subsegment.fault = true;
          recordException(subsegment, error, Boolean(status));
        }
        subsegment.end_time = epochSeconds();
        if (!parent)
          this.daemon.send({
            ...subsegment,
            type: 'subsegment',
            trace_id: trace.root,
            parent_id: trace.parent,
          });
      },
    };
  }

  /**
   * Traces every call of an AWS SDK v3 client: a subsegment per command (all its attempts, see
   * `beginAwsCall`) and the trace header on each request. Idempotent; returns the same client.
   */
  captureAWSv3Client<T>(client: T): T {
    if (!this.enabled) return client;
    const traceable = client as unknown as TraceableClient;
    const regionOf = async () => {
      const region = traceable.config.region;
      return typeof region === 'function' ? region() : region;
    };
    traceable.middlewareStack.add(
      (
        next: (args: CommandArgs) => Promise<{ output?: { $metadata?: CommandMetadata } }>,
        context: CommandContext,
      ) =>
        async (args: CommandArgs) => {
          const call = this.beginAwsCall(
            (context.clientName ?? 'AWS').replace(/Client$/, ''),
            (context.commandName ?? '').replace(/Command$/, ''),
            resourceOf(args.input),
          );
          if (!call) return next(args);
          if (args.request?.headers) args.request.headers['X-Amzn-Trace-Id'] = call.traceHeader;
          try {
            const result = await next(args);
            const metadata = result.output?.$metadata;
            call.end({
              region: await regionOf(),
              status: metadata?.httpStatusCode,
              requestId: metadata?.requestId,
              attempts: metadata?.attempts,
            });
            return result;
          } catch (error) {
            const metadata = (error as { $metadata?: CommandMetadata }).$metadata;
            call.end({
              region: await regionOf(),
              status: metadata?.httpStatusCode,
              requestId: metadata?.requestId,
              attempts: metadata?.attempts,
              error,
            });
            throw error;
          }
        },
      { step: 'build', name: MIDDLEWARE_NAME, override: true },
    );
    return client;
  }

  /**
   * Middy middleware: the handler subsegment around the whole stack (register it first, so every
   * middleware's AWS calls land inside it).
   */
  handlerMiddleware(): MiddlewareObj<unknown, unknown> {
    const statusOf = (response: unknown) => (response as { statusCode?: number } | undefined)?.statusCode;
    return {
      before: () => this.beginInvocation(),
      after: (request) => this.endInvocation({ status: statusOf(request.response) }),
      // Runs after the other error middlewares (registered first): the response they made is known.
      onError: (request) => this.endInvocation({ status: statusOf(request.response), error: request.error }),
    };
  }
}
