import { plainToInstance } from 'class-transformer';
import type { ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { FieldProblem, flattenValidationErrors, validationError } from './validation-errors.js';

/** The same checks as the global ValidationPipe, for input that arrives outside @Body() (multipart fields, batch items). */
export async function validateDto<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
  path = '',
): Promise<{ value: T; problems: FieldProblem[] }> {
  const value = plainToInstance(cls, plain ?? {}, { exposeDefaultValues: true });
  const errors = await validate(value, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
  });
  return { value, problems: flattenValidationErrors(errors, path) };
}

export async function validateDtoOrThrow<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
): Promise<T> {
  const { value, problems } = await validateDto(cls, plain);
  if (problems.length > 0) throw validationError(problems);
  return value;
}
