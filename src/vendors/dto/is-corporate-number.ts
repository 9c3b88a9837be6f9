import { ValidateBy, ValidationOptions } from 'class-validator';
import { isValidCorporateNumber } from '../corporate-number';

export function IsCorporateNumber(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCorporateNumber',
      validator: {
        validate: (value: unknown) => value === null || value === undefined || (typeof value === 'string' && isValidCorporateNumber(value)),
        defaultMessage: () => '法人番号は13桁の数字で、チェックデジットが正しいものを入力してください。',
      },
    },
    options,
  );
}
