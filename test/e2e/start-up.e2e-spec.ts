import { runEnv, startAppProcess } from '../utils/app-process.js';

/** What an operator sees when `node dist/main.js` is started with a configuration it cannot run. */
describe('Start-up with a bad configuration', () => {
  it.each([
    {
      setting: 'DATABASE_URL without ENCRYPTION_KEY',
      env: { ENCRYPTION_KEY: undefined },
      line: 'Invalid configuration: ENCRYPTION_KEY is required when DATABASE_URL is set',
    },
    {
      setting: 'PORT=abc',
      env: { PORT: 'abc' },
      line: 'Invalid configuration: PORT must be an integer number',
    },
    {
      setting: 'LOG_LEVEL=loud',
      env: { LOG_LEVEL: 'loud' },
      line: 'Invalid configuration: LOG_LEVEL must be one of the following values: fatal, error, warn, info, debug, trace, silent',
    },
  ])('$setting: exits 1 with one line on stderr naming the variable', async ({ env, line }) => {
    const sut = startAppProcess(runEnv(env));
    expect(await sut.exited).toEqual({ code: 1, signal: null });
    expect(sut.stderr()).toBe(`${line}\n`);
    expect(sut.output()).toBe(sut.stderr());
  });
});
