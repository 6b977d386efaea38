import pino, { type Logger } from 'pino';

/** Logs one request answered from the shared guest pages: its id, path and milliseconds. */
export type SharedHitLog = (requestId: string, path: string, ms: number) => void;

/**
 * The log line of a shared-page hit, written straight to the destination in the shape pino gives
 * `logger.info({ requestId, method, path, status, ms, shared }, 'request')`. Why not pino itself: its
 * generic serializer (key walk, string escaping, level checks) cost ~2 µs a line, a twentieth of
 * a cached page's whole cost. Only for loggers made as main.ts makes them (default keys and time,
 * no formatters or mixins); request-log.test.ts holds the two shapes together.
 */
export function sharedHitLog(logger: Logger, write: (line: string) => void): SharedHitLog {
  if (!logger.isLevelEnabled('info')) return () => {};
  const level = logger.levels.values.info;
  // What pino writes after the time: `,"pid":…,"hostname":…` and any child bindings (pino.symbols is its documented hook for this).
  const base = (logger as unknown as Record<symbol, unknown>)[pino.symbols.chindingsSym];
  if (typeof base !== 'string') return sharedHitViaLogger(logger);
  return (requestId, path, ms) =>
    write(
      `{"level":${level},"time":${Date.now()}${base},"requestId":${JSON.stringify(requestId)},"method":"GET","path":${JSON.stringify(path)},"status":200,"ms":${ms},"shared":true,"msg":"request"}\n`,
    );
}

/** The same line through pino itself: for loggers whose shape the template cannot vouch for. */
export function sharedHitViaLogger(logger: Logger): SharedHitLog {
  return (requestId, path, ms) =>
    logger.info({ requestId, method: 'GET', path, status: 200, ms, shared: true }, 'request');
}
