import { parseFullName } from 'parse-full-name';

/** An individual's name in the parts MISMO's NAME container (and so ULAD) asks for. */
export interface PersonName {
  firstName?: string;
  middleName?: string;
  lastName?: string;
  suffixName?: string;
}

/**
 * Splits a name as it was said ("John Q. Public Jr.", "Lopez, Maria") into its parts. A single
 * word is taken as the last name: "this is Smith" names a family, and a lender asks for a last
 * name first. A title ("Dr.") is not a MISMO name part and is left out. Case is kept as given.
 */
export function splitPersonName(fullName: string): PersonName {
  const parsed = parseFullName(fullName, 'all', 0, 0, 0);
  return {
    firstName: part(parsed.first),
    middleName: part(parsed.middle),
    lastName: part(parsed.last),
    suffixName: part(parsed.suffix),
  };
}

function part(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
