import { ValidationError, ValidationPipe } from '@nestjs/common';
import { badInput, FieldError } from './errors';

/** Every failed constraint of every field, with dotted paths such as `input.certifications.0.type`. */
export function fieldErrorsOf(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    validateCustomDecorators: false,
    exceptionFactory: (errors) => badInput(fieldErrorsOf(errors)),
  });
}
