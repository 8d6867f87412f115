import type { Logger } from '@aws-lambda-powertools/logger';

const METHODS = ['debug', 'info', 'warn', 'error', 'log'] as const;

function sinkOf(logger: Logger): Record<string, (...args: unknown[]) => void> {
  // Powertools prints through its own `console` (a node:console Console on stdout), not the global one.
  return (logger as unknown as { console: Record<string, (...args: unknown[]) => void> }).console;
}

/**
 * Mutes a logger for the rest of the test (restored by `jest.restoreAllMocks()`).
 *
 * @example
 * beforeEach(() => muteLogs(logger));
 */
export function muteLogs(logger: Logger): void {
  const sink = sinkOf(logger);
  for (const method of METHODS) jest.spyOn(sink, method).mockImplementation(() => undefined);
}

/**
 * Captures what a Powertools Logger prints (the exact JSON strings that would reach CloudWatch)
 * while `action` runs, and returns them raw and parsed. Lines are not printed.
 *
 * @example
 * const { lines } = await captureLogs(logger, () => handler(event, context));
 */
export async function captureLogs(
  logger: Logger,
  action: () => Promise<unknown>,
): Promise<{ raw: string[]; lines: Array<Record<string, unknown>> }> {
  const sink = sinkOf(logger);
  const spies = METHODS.map((method) => {
    const spy = jest.spyOn(sink, method);
    if (!spy.getMockImplementation()) spy.mockImplementation(() => undefined);
    return { spy, before: spy.mock.calls.length };
  });
  await action();
  const raw = spies.flatMap(({ spy, before }) => spy.mock.calls.slice(before).map((call) => String(call[0])));
  return { raw, lines: raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
