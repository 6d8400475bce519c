const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A range bound given as a date or a datetime; a date-only end includes that whole UTC day. */
export function rangeStart(value: string): Date {
  return new Date(DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : value);
}

/** The exclusive upper bound for an inclusive `end_date`. */
export function rangeEndExclusive(value: string): Date {
  if (!DATE_ONLY.test(value)) return new Date(new Date(value).getTime() + 1);
  const end = new Date(`${value}T00:00:00.000Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return end;
}
