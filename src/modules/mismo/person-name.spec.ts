import { splitPersonName } from './person-name.js';

describe(splitPersonName.name, () => {
  const sut = splitPersonName;

  it.each([
    [
      'John Q. Public Jr.',
      { firstName: 'John', middleName: 'Q.', lastName: 'Public', suffixName: 'Jr.' },
    ],
    ['Mary Smith', { firstName: 'Mary', lastName: 'Smith' }],
    ['Mary Ann Smith', { firstName: 'Mary', middleName: 'Ann', lastName: 'Smith' }],
    ['Smith', { lastName: 'Smith' }],
    ['Lopez, Maria', { firstName: 'Maria', lastName: 'Lopez' }],
    ['Dr. Maria de la Cruz', { firstName: 'Maria', lastName: 'de la Cruz' }],
    ['Jean-Luc Picard III', { firstName: 'Jean-Luc', lastName: 'Picard', suffixName: 'III' }],
    ["Dana O'Neil", { firstName: 'Dana', lastName: "O'Neil" }],
    ['  Ana   Ruiz ', { firstName: 'Ana', lastName: 'Ruiz' }],
  ])('splits %j', (fullName, expected) => {
    // toEqual treats a part that is undefined as absent.
    expect(sut(fullName)).toEqual(expected);
  });

  it('finds no part in a title alone', () => {
    expect(Object.values(sut('Mr.')).filter(Boolean)).toEqual([]);
  });
});
