import type { ValidationError } from 'class-validator';
import { AppError } from '../errors/app-error.js';
import { ErrorCode } from '../errors/error-code.js';

export interface FieldProblem {
  field: string;
  expected: string;
}

const DATE_CONSTRAINTS = new Set(['isIso8601', 'isDateString', 'isIsoDateOrDateTime']);

/** Flattens class-validator's tree into `{field, expected}` pairs with dotted paths (`items.2.weight`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([name, text]) => ({
      field,
      expected: DATE_CONSTRAINTS.has(name)
        ? 'ISO 8601 format'
        : name === 'whitelistValidation'
          ? 'no such field'
          : text.startsWith(`${error.property} `)
            ? text.slice(error.property.length + 1)
            : text,
    }));
    return [...own.slice(0, 1), ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** The 400 for failed validation; the seed's own example must come out exactly. */
export function validationError(problems: FieldProblem[]): AppError {
  const [first] = problems;
  const message =
    first.expected === 'ISO 8601 format'
      ? 'Invalid date format'
      : first.expected === 'no such field'
        ? `Unknown field ${first.field}`
        : `Invalid ${first.field}`;
  const details = problems.length === 1 ? { ...first } : { ...first, errors: problems };
  return new AppError(ErrorCode.ValidationError, message, details);
}
