import { pino } from 'pino';
import type { DestinationStream, LogFn, Logger } from 'pino';
import pinoPretty from 'pino-pretty';

export type LogFormat = 'json' | 'pretty';

/** LOG_FORMAT `auto` means readable lines for a person at a terminal, JSON for everything else. */
export function resolveLogFormat(setting: LogFormat | 'auto', stdoutIsTty: boolean): LogFormat {
  if (setting !== 'auto') return setting;
  return stdoutIsTty ? 'pretty' : 'json';
}

/** JSON lines are gathered up to this many bytes before they are written... */
export const LOG_BATCH_BYTES = 4096;
/** ...or for at most this long. */
export const LOG_FLUSH_MS = 250;

/** sonic-boom's `minLength` and `sync` are plain fields it reads on every write, missing from its types. */
type BatchingDestination = DestinationStream & {
  minLength: number;
  sync: boolean;
  flush(): void;
  flushSync(): void;
};
const batching = new Set<BatchingDestination>();

/**
 * Where log lines go: standard output. JSON is written asynchronously so logging never blocks a
 * request, and in batches: one write per request line (a hop to libuv's thread pool each)
 * showed in the list's CPU profile. A quiet process still writes its lines within
 * LOG_FLUSH_MS; pino writes what is left when the process exits, and a shutdown stops the
 * batching first (see writeLogsAtOnce). A terminal is written at once, so its lines keep their
 * order with the banner.
 */
export function logDestination(format: LogFormat): DestinationStream {
  if (format === 'json') {
    const destination = pino.destination({
      dest: 1,
      sync: false,
      minLength: LOG_BATCH_BYTES,
      periodicFlush: LOG_FLUSH_MS,
    }) as unknown as BatchingDestination;
    batching.add(destination);
    return destination;
  }
  return pinoPretty({
    destination: 1,
    sync: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
  });
}

/**
 * Writes what the JSON destinations hold, now, and every later line synchronously as it comes.
 * For a shutdown: a process that ends on a signal (Nest re-raises it once closed) never runs
 * pino's final flush, and an asynchronous write still pending then is lost.
 */
export function writeLogsAtOnce(): void {
  for (const destination of batching) {
    try {
      destination.flushSync();
    } catch {
      destination.flush(); // Not open yet, or a write in progress: it goes out asynchronously.
    }
    destination.minLength = 0;
    destination.sync = true;
  }
}

/** Nest's account of its own wiring at start-up: every module and every route, one line each. */
const WIRING_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * A pino `logMethod` hook that writes Nest's wiring lines at debug instead of info, so a start
 * at the default level shows what happened rather than a hundred lines of route map.
 */
export function wiringAtDebug(
  this: Logger,
  args: Parameters<LogFn>,
  method: LogFn,
  level: number,
): void {
  const [fields] = args;
  const context =
    typeof fields === 'object' && fields !== null
      ? (fields as { context?: unknown }).context
      : undefined;
  if (level === this.levels.values.info && WIRING_CONTEXTS.has(context as string)) {
    this.debug(...(args as [object, string]));
    return;
  }
  method.apply(this, args);
}
