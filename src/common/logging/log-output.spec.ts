import { pino } from 'pino';
import { Writable } from 'node:stream';
import { resolveLogFormat, wiringAtDebug } from './log-output.js';

describe(resolveLogFormat.name, () => {
  it('prints readable lines on a terminal and JSON anywhere else, unless told', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });
});

describe(wiringAtDebug.name, () => {
  const logAt = (level: string) => {
    const lines: Array<{ level: number; context?: string; msg: string }> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
        done();
      },
    });
    const sut = pino({ level, hooks: { logMethod: wiringAtDebug } }, sink);
    sut.info({ context: 'RouterExplorer' }, 'Mapped {/v1/calls, GET} route');
    sut.info({ context: 'RoutesResolver' }, 'CallsController {/v1/calls}:');
    sut.info({ context: 'InstanceLoader' }, 'CallsModule dependencies initialized');
    sut.info({ context: 'NestApplication' }, 'Nest application successfully started');
    sut.warn({ context: 'RouterExplorer' }, 'a warning stays a warning');
    return lines;
  };

  it("hides Nest's module and route map at info, keeping everything else", () => {
    expect(logAt('info').map(({ level, msg }) => [level, msg])).toEqual([
      [30, 'Nest application successfully started'],
      [40, 'a warning stays a warning'],
    ]);
  });

  it('writes the map at debug', () => {
    expect(logAt('debug').map(({ level, context }) => [level, context])).toEqual([
      [20, 'RouterExplorer'],
      [20, 'RoutesResolver'],
      [20, 'InstanceLoader'],
      [30, 'NestApplication'],
      [40, 'RouterExplorer'],
    ]);
  });
});
