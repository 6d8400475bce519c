import type { Request } from 'express';
import { dashboardKey } from './platform-admin.middleware.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as Request;
const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe(dashboardKey.name, () => {
  const sut = dashboardKey;

  it('reads the key as the API does, from Bearer or X-API-Key', () => {
    expect(sut(request({ authorization: 'Bearer aila_live_abc' }))).toBe('aila_live_abc');
    expect(sut(request({ 'x-api-key': 'aila_live_def' }))).toBe('aila_live_def');
    expect(sut(request({}))).toBeUndefined();
  });

  it('takes the password of HTTP Basic credentials, whatever the user name', () => {
    expect(sut(request({ authorization: basic('operator:aila_live_abc') }))).toBe('aila_live_abc');
    expect(sut(request({ authorization: basic(':aila_live_abc') }))).toBe('aila_live_abc');
    expect(sut(request({ authorization: basic('operator:with:colons') }))).toBe('with:colons');
  });

  it('finds no key in Basic credentials without a password', () => {
    expect(sut(request({ authorization: basic('operator:') }))).toBeUndefined();
    expect(sut(request({ authorization: basic('operator') }))).toBeUndefined();
  });
});
