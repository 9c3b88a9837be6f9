import { getMetadataStorage, ValidationArguments, ValidationTypes } from 'class-validator';
import { buildSchema, getNamedType, GraphQLInputObjectType, isInputObjectType } from 'graphql';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TEXT_RULE_NAMES } from './text-validation';
import { fieldErrorsOf, unreadableTextOf } from './validation';

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

/** Every class the input files export. */
async function inputClasses(): Promise<Function[]> {
  const modules = (await Promise.all(inputFiles().map((file) => import(file)))) as Record<string, unknown>[];
  return modules.flatMap((exports) => Object.values(exports).filter((value): value is Function => typeof value === 'function'));
}

/** Whether a property of a class carries one of the text rules (SingleLineText, MultiLineText, SecretText). */
function hasTextRule(target: Function, property: string): boolean {
  return getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .some((metadata) => metadata.propertyName === property && TEXT_RULE_NAMES.some((name) => metadata.name?.startsWith(`${name}:`)));
}

describe('the text rules of the inputs', () => {
  const schema = buildSchema(readFileSync(path.join(SRC, '..', 'graphql', 'schema.graphql'), 'utf8'));

  it('hold on every String field of every input type (IDs are looked up, never stored as text)', async () => {
    const classes = new Map((await inputClasses()).map((target) => [target.name, target]));
    const inputTypes = Object.values(schema.getTypeMap()).filter(
      (type): type is GraphQLInputObjectType => isInputObjectType(type) && !type.name.startsWith('__'),
    );
    const checked: string[] = [];
    const missing: string[] = [];
    for (const type of inputTypes) {
      const target = classes.get(type.name);
      if (!target) {
        missing.push(`${type.name} (no input class of that name)`);
        continue;
      }
      for (const field of Object.values(type.getFields())) {
        if (getNamedType(field.type).name !== 'String') continue;
        checked.push(`${type.name}.${field.name}`);
        if (!hasTextRule(target, field.name)) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(checked.length).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('hold on every String argument of an operation, which an argument class declares', async () => {
    const argsClasses = (await inputClasses()).filter((target) => target.name.endsWith('Args'));
    const missing: string[] = [];
    for (const root of [schema.getQueryType()!, schema.getMutationType()!]) {
      for (const field of Object.values(root.getFields())) {
        for (const arg of field.args) {
          if (getNamedType(arg.type).name !== 'String') continue;
          if (!argsClasses.some((target) => hasTextRule(target, arg.name))) missing.push(`${root.name}.${field.name}(${arg.name})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('unreadableTextOf', () => {
  it('names every string holding a NUL or a lone surrogate, however deep', () => {
    expect(
      unreadableTextOf({ name: 'x\ud800y', certifications: [{ identifier: 'a\u0000' }], ok: '株式会社', emoji: '📢', count: 3 }),
    ).toEqual([
      { field: 'name', message: expect.stringContaining('サロゲート') },
      { field: 'certifications.0.identifier', message: '使用できない文字（NUL）が含まれています。' },
    ]);
    expect(unreadableTextOf('\udc00', 'reason')).toEqual([{ field: 'reason', message: expect.stringContaining('サロゲート') }]);
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
