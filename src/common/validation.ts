import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { badInput, FieldError } from './errors';

/** Every failed constraint of every field, with dotted paths such as `input.certifications.0.type`. */
export function fieldErrorsOf(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}

const NUL_MESSAGE = '使用できない文字（NUL）が含まれています。';

/** The paths of the strings in an argument that hold a NUL character, which PostgreSQL can neither store nor compare. */
export function nulFieldsOf(value: unknown, path = ''): string[] {
  const at = (key: string | number): string => (path ? `${path}.${key}` : String(key));
  if (typeof value === 'string') return value.includes('\u0000') ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => nulFieldsOf(item, at(index)));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => nulFieldsOf(item, at(key)));
  return [];
}

/** Class-validator on every argument, after refusing text the database would answer with an internal error. */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const fields = typeof value === 'string' ? nulFieldsOf(value, metadata.data ?? 'input') : nulFieldsOf(value);
      if (fields.length > 0) throw badInput(fields.map((field) => ({ field, message: NUL_MESSAGE })));
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    validateCustomDecorators: false,
    exceptionFactory: (errors) => badInput(fieldErrorsOf(errors)),
  });
}
