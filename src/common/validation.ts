import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, badInput, FieldError } from './errors';
import { hasLoneSurrogate, TEXT_PROBLEM_MESSAGES } from './text-rules';

/** Every failed constraint of every field, with dotted paths such as `input.certifications.0.type`. */
export function fieldErrorsOf(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}

/** Every string in an argument (or an imported row) with its dotted path. */
function stringsOf(value: unknown, path: string): [string, string][] {
  const at = (key: string | number): string => (path ? `${path}.${key}` : String(key));
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsOf(item, at(index)));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringsOf(item, at(key)));
  return [];
}

/**
 * The strings no field may hold, whatever its own rules: a NUL (PostgreSQL can neither store nor
 * compare it) and a lone surrogate (no character at all; PostgreSQL refuses it in JSON). Checked on
 * every argument, identifiers and passwords included, and on every imported row.
 */
export function unreadableTextOf(value: unknown, path = ''): FieldError[] {
  return stringsOf(value, path).flatMap(([field, text]) => [
    ...(text.includes('\u0000') ? [{ field, message: TEXT_PROBLEM_MESSAGES.nul }] : []),
    ...(hasLoneSurrogate(text) ? [{ field, message: TEXT_PROBLEM_MESSAGES.loneSurrogate }] : []),
  ]);
}

/** The errors of both lists, each field and message once, in the order first seen. */
function merged(first: FieldError[], second: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return [...first, ...second].filter((error) => {
    const key = `${error.field}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Class-validator on every argument, after refusing text the database would answer with an internal
 * error; the answer to such text also names every other bad field the argument has.
 */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    const unreadable = unreadableTextOf(value, typeof value === 'string' ? (metadata.data ?? 'input') : '');
    if (unreadable.length === 0) return super.transform(value, metadata);
    let others: FieldError[] = [];
    try {
      await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof AppError) || !error.fieldErrors) throw error;
      others = error.fieldErrors;
    }
    throw badInput(merged(unreadable, others));
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
