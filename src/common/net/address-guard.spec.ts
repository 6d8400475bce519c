import { assertPublicUrl, isPublicAddress, UnsafeUrlError } from './address-guard.js';

async function refusal(url: string, options = { allowPrivate: false, allowHttp: true }) {
  const error = await assertPublicUrl(url, options).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnsafeUrlError);
  return error as UnsafeUrlError;
}

describe(assertPublicUrl.name, () => {
  const sut = assertPublicUrl;

  it.each([
    ['http://127.0.0.1/hook', '127.0.0.1'],
    ['http://10.0.0.1/hook', '10.0.0.1'],
    ['http://[::ffff:127.0.0.1]/hook', '::ffff:7f00:1'],
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254'],
    ['http://100.64.0.1/', '100.64.0.1'],
    ['http://[::1]:8080/', '::1'],
    ['http://0.0.0.0/', '0.0.0.0'],
    ['http://192.168.1.20/', '192.168.1.20'],
    ['http://172.16.5.4/', '172.16.5.4'],
    ['http://[fd12:3456::1]/', 'fd12:3456::1'],
    ['http://[fe80::1]/', 'fe80::1'],
    ['http://224.0.0.1/', '224.0.0.1'],
    ['http://255.255.255.255/', '255.255.255.255'],
    ['http://2130706433/', '127.0.0.1'],
    ['https://[::127.0.0.1]/', '::7f00:1'],
    ['https://[::169.254.169.254]/latest/meta-data', '::a9fe:a9fe'],
    ['https://[64:ff9b::10.0.0.1]/', '64:ff9b::a00:1'],
    ['https://[2002:a00:1::1]/', '2002:a00:1::1'],
  ])('refuses %s as a forbidden address', async (url, address) => {
    const error = await refusal(url);

    expect(error.reason).toBe('forbidden_address');
    expect(error.address).toBe(address);
  });

  it('refuses a host name that resolves to loopback', async () => {
    const error = await refusal('http://localhost:3000/hook');

    expect(error.reason).toBe('forbidden_address');
    expect(['127.0.0.1', '::1']).toContain(error.address);
  });

  it('refuses http when neither private URLs nor http are allowed', async () => {
    const error = await refusal('http://93.184.215.14/', { allowPrivate: false, allowHttp: false });

    expect(error.reason).toBe('scheme_not_allowed');
  });

  it.each(['ftp://93.184.215.14/file', 'file:///etc/passwd', 'not a url'])(
    'refuses %s',
    async (url) => {
      const error = await refusal(url, { allowPrivate: true, allowHttp: true });

      expect(['scheme_not_allowed', 'invalid_url']).toContain(error.reason);
    },
  );

  it('refuses a host name that does not resolve', async () => {
    const error = await refusal('https://no-such-host.invalid/');

    expect(error.reason).toBe('unresolvable');
  });

  it('accepts https to a public address', async () => {
    const url = await sut('https://93.184.215.14/hooks?x=1', { allowPrivate: false });

    expect(url.href).toBe('https://93.184.215.14/hooks?x=1');
  });

  it('accepts private addresses and http when private URLs are allowed', async () => {
    const url = await sut('http://127.0.0.1:4000/hook', { allowPrivate: true });

    expect(url.port).toBe('4000');
  });
});

describe(isPublicAddress.name, () => {
  const sut = isPublicAddress;

  it.each([
    ['8.8.8.8', true],
    ['2606:4700:4700::1111', true],
    ['::ffff:8.8.8.8', true],
    ['::ffff:10.1.2.3', false],
    ['64:ff9b::7f00:1', false],
    ['2002:7f00:1::1', false],
    ['2001:db8::1', false],
    ['fc00::1', false],
    ['198.18.0.1', false],
    ['::', false],
    ['not-an-ip', false],
    // IPv4-compatible (::/96, deprecated): ::127.0.0.1 and ::8.8.8.8 alike.
    ['::7f00:1', false],
    ['::a00:1', false],
    ['::808:808', false],
    ['::2', false],
    // The rest of ::/8 and everything else outside global unicast 2000::/3.
    ['::ffff:0:7f00:1', false],
    ['64:ff9b:1::a00:1', false],
    ['100::1', false],
    ['4000::1', false],
    ['5f00::1', false],
    ['fec0::1', false],
    ['ff02::1', false],
    ['fe80::1', false],
    ['::1', false],
    // Special ranges inside 2000::/3: Teredo, 6to4, documentation, benchmarking, ORCHID.
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', false],
    ['2002:808:808::1', false],
    ['2001:2::1', false],
    ['2001:20::1', false],
    ['3fff::1', false],
    ['2a00:1450:4001:81c::200e', true],
  ])('classifies %s as public: %s', (address, expected) => {
    expect(sut(address)).toBe(expected);
  });
});
