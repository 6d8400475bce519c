import { findUsAddresses } from './address-matcher.js';

describe(findUsAddresses.name, () => {
  const sut = (text: string) => findUsAddresses(text).map((mention) => mention.address);

  it('reads street, city, state code and ZIP', () => {
    expect(sut('The property is at 1234 Maple Street, Springfield, IL 62704.')).toEqual([
      {
        street: '1234 Maple Street',
        city: 'Springfield',
        state: 'IL',
        postal_code: '62704',
        text: '1234 Maple Street, Springfield, IL 62704',
      },
    ]);
  });

  it('reads ordinals, units and a state said by name without commas', () => {
    expect(sut("It's 55 West 5th Ave Apt 3B Austin Texas 78701 I think")).toEqual([
      {
        street: '55 West 5th Ave Apt 3B',
        city: 'Austin',
        state: 'TX',
        postal_code: '78701',
        text: '55 West 5th Ave Apt 3B Austin Texas 78701',
      },
    ]);
  });

  it('keeps a directional and takes the furthest state', () => {
    expect(sut('Mail it to 900 Pennsylvania Avenue NW, Washington DC 20001.')).toMatchObject([
      {
        street: '900 Pennsylvania Avenue NW',
        city: 'Washington',
        state: 'DC',
        postal_code: '20001',
      },
    ]);
  });

  it('reports a street without a state, and no city then', () => {
    expect(sut('We live at 12 Oak Lane.')).toMatchObject([
      { street: '12 Oak Lane', city: null, state: null, postal_code: null },
    ]);
    expect(sut('1234 Maple St. is the address')).toMatchObject([
      { street: '1234 Maple St', city: null },
    ]);
  });

  it.each([
    'We have 2 kids on the street.',
    'We moved to 1234 maple street last year.',
    'Call me at 415 555 0134.',
    'The loan is 400 thousand.',
  ])('finds no address in "%s"', (text) => {
    expect(sut(text)).toEqual([]);
  });
});
