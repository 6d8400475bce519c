import {
  identifiersOf,
  normalizeEmail,
  normalizePhone,
  phonePrefixes,
} from './contact-identity.js';

describe(normalizePhone.name, () => {
  it.each(['+1 (415) 555-0100', '4155550100', '(415) 555-0100', '415.555.0100', '+14155550100'])(
    'reads %s as +14155550100 in the US',
    (raw) => {
      expect(normalizePhone(raw, 'US')).toBe('+14155550100');
    },
  );

  it('reads a national number with the given region', () => {
    expect(normalizePhone('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(normalizePhone('020 7946 0958', 'gb')).toBe('+442079460958');
  });

  it('keeps an international number whatever the region', () => {
    expect(normalizePhone('+44 20 7946 0958', 'US')).toBe('+442079460958');
  });

  it.each(['12', '555-0100', 'not a phone', '020 7946 0958'])('refuses %s in the US', (raw) => {
    expect(normalizePhone(raw, 'US')).toBeNull();
  });

  it('needs a country code when the region is unknown', () => {
    expect(normalizePhone('4155550100', 'ZZ')).toBeNull();
    expect(normalizePhone('+14155550100', 'ZZ')).toBe('+14155550100');
  });
});

describe(normalizeEmail.name, () => {
  it('lower-cases and trims', () => {
    expect(normalizeEmail('  Marcus.Lee@Example.COM ')).toBe('marcus.lee@example.com');
  });

  it.each(['not-an-email', 'a@', '@example.com', 'a b@example.com'])('refuses %s', (raw) => {
    expect(normalizeEmail(raw)).toBeNull();
  });
});

describe(phonePrefixes.name, () => {
  it('reads digits without + as international or as national in the region', () => {
    expect(phonePrefixes('(415) 555', 'US')).toEqual(['+415555', '+1415555']);
  });

  it('takes a + prefix as it is', () => {
    expect(phonePrefixes('+1 415', 'US')).toEqual(['+1415']);
  });

  it('drops the trunk zero of a national prefix', () => {
    expect(phonePrefixes('020 79', 'GB')).toEqual(['+02079', '+442079']);
  });

  it('finds no phone in words', () => {
    expect(phonePrefixes('Marc', 'US')).toEqual([]);
    expect(phonePrefixes('3M', 'US')).toEqual([]);
    expect(phonePrefixes('()', 'US')).toEqual([]);
  });
});

describe(identifiersOf.name, () => {
  it('lists each identifier once, in one order whatever the input order', () => {
    const sut = identifiersOf({
      phones: ['+14155550100', '+12125550199', '+14155550100'],
      emails: ['b@example.com', 'a@example.com'],
    });
    expect(sut).toEqual([
      { kind: 'email', value: 'a@example.com' },
      { kind: 'email', value: 'b@example.com' },
      { kind: 'phone', value: '+12125550199' },
      { kind: 'phone', value: '+14155550100' },
    ]);
    expect(identifiersOf({ emails: ['a@example.com', 'b@example.com'] })).toEqual(sut.slice(0, 2));
  });
});
