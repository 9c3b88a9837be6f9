import { getMetadataStorage, ValidationArguments, ValidationTypes } from 'class-validator';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fieldErrorsOf } from './validation';

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
const SRC = path.join(__dirname, '..');

/** Every file of input and argument classes: `src/<feature>/dto/*.ts` and the page arguments. */
function inputFiles(): string[] {
  const features = readdirSync(SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  const dtoFiles = features.flatMap((feature) => {
    const dto = path.join(SRC, feature.name, 'dto');
    try {
      return readdirSync(dto)
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
        .map((file) => path.join(dto, file));
    } catch {
      return [];
    }
  });
  return [...dtoFiles, path.join(SRC, 'common', 'pagination.ts')];
}

/** What a client would read when this constraint fails. */
function messageOf(metadata: ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number]): string {
  const args: ValidationArguments = {
    value: undefined,
    constraints: metadata.constraints ?? [],
    targetName: String((metadata.target as { name?: string }).name ?? metadata.target),
    object: {},
    property: metadata.propertyName,
  };
  if (typeof metadata.message === 'function') return metadata.message(args);
  if (typeof metadata.message === 'string') return metadata.message;
  if (metadata.type === ValidationTypes.CUSTOM_VALIDATION) {
    const [constraint] = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
    return constraint?.instance.defaultMessage?.(args) ?? '';
  }
  return '';
}

describe('the messages of the input validation', () => {
  it('are Japanese for every constraint of every input and argument class', async () => {
    const modules = (await Promise.all(inputFiles().map((file) => import(file)))) as Record<string, unknown>[];
    const classes = modules.flatMap((exports) => Object.values(exports).filter((value): value is Function => typeof value === 'function'));
    const storage = getMetadataStorage();
    const checked: string[] = [];
    const english: string[] = [];
    for (const target of classes) {
      for (const metadata of storage.getTargetValidationMetadatas(target, '', true, false)) {
        // @IsOptional() and the whitelist marker refuse nothing.
        if (metadata.type !== ValidationTypes.CUSTOM_VALIDATION && metadata.type !== ValidationTypes.NESTED_VALIDATION) continue;
        const where = `${target.name}.${metadata.propertyName} (${metadata.name ?? metadata.type})`;
        checked.push(where);
        if (!JAPANESE.test(messageOf(metadata))) english.push(where);
      }
    }
    expect(checked.length).toBeGreaterThan(100);
    expect(english).toEqual([]);
  });
});

describe('fieldErrorsOf', () => {
  it('lists every failed constraint of every field, nested ones with a dotted path', () => {
    const errors = fieldErrorsOf([
      { property: 'name', constraints: { isNotEmpty: '名称を入力してください。' }, children: [] },
      {
        property: 'certifications',
        children: [
          { property: '0', children: [{ property: 'validUntil', constraints: { isCalendarDate: '日付は…', other: '別の理由' } }] },
        ],
      },
    ]);
    expect(errors).toEqual([
      { field: 'name', message: '名称を入力してください。' },
      { field: 'certifications.0.validUntil', message: '日付は…' },
      { field: 'certifications.0.validUntil', message: '別の理由' },
    ]);
  });
});
