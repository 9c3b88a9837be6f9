import { EARLIEST_DATE, isCalendarDate, isDateInRange, isInstantInRange, LATEST_DATE } from './calendar';
import { ValidateBy } from 'class-validator';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const NOT_A_DATE = '日付は YYYY-MM-DD 形式の実在する日付で指定してください';
const OUT_OF_RANGE = `日付は ${EARLIEST_DATE} から ${LATEST_DATE} までの範囲で指定してください`;

const refused = (message: string, value: unknown): GraphQLError =>
  new GraphQLError(`${message}（受け取った値: ${JSON.stringify(value)}）。`, { extensions: { code: 'BAD_USER_INPUT' } });

function parse(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) throw refused(NOT_A_DATE, value);
  if (!isDateInRange(value)) throw refused(OUT_OF_RANGE, value);
  return value;
}

/** A calendar date as YYYY-MM-DD text; never converted to an instant. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'Calendar date YYYY-MM-DD; "today" is the organization\'s calendar (Asia/Tokyo by default)',
  parseValue: parse,
  parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
  serialize: (value) => {
    if (typeof value === 'string' && isCalendarDate(value)) return value;
    throw new GraphQLError('Date value is not a YYYY-MM-DD string');
  },
});

/**
 * For Date input fields: the scalar already refuses bad text; this also marks the field as validated
 * (whitelist) and holds the same rules where no scalar parses the value (the ledger import).
 */
export function IsCalendarDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value: unknown) =>
        value === null || value === undefined || (typeof value === 'string' && isCalendarDate(value) && isDateInRange(value)),
      defaultMessage: (args) => (typeof args?.value === 'string' && isCalendarDate(args.value) ? `${OUT_OF_RANGE}。` : `${NOT_A_DATE}。`),
    },
  });
}

/** An ISO 8601 date-time as clients write it: a date, optionally a time, optionally a zone (UTC when left out). */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const NOT_A_DATE_TIME = '日時は 2026-04-01T09:00:00+09:00 のような ISO 8601 形式で指定してください';
const INSTANT_OUT_OF_RANGE = `日時は ${EARLIEST_DATE} から ${LATEST_DATE} までの範囲で指定してください`;

function parseInstant(value: unknown): Date {
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (!match || !isCalendarDate(match[1])) throw refused(NOT_A_DATE_TIME, value);
  const time = Date.parse(match[0].length === 10 ? `${match[0]}T00:00:00Z` : (value as string));
  if (Number.isNaN(time)) throw refused(NOT_A_DATE_TIME, value);
  if (!isInstantInRange(time)) throw refused(INSTANT_OUT_OF_RANGE, value);
  return new Date(time);
}

/**
 * The DateTime scalar, in place of @nestjs/graphql's (which takes any value `new Date()` takes, a year
 * 275760 included, and so reaches PostgreSQL with what it cannot hold): ISO 8601 text within the
 * service's range, answered as BAD_USER_INPUT otherwise. Same name and description: the schema is unchanged.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string | null>({
  name: 'DateTime',
  description: 'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
  parseValue: parseInstant,
  parseLiteral: (ast) => parseInstant(ast.kind === Kind.STRING ? ast.value : undefined),
  serialize: (value) => (value instanceof Date ? value.toISOString() : null),
});

export { isCalendarDate };
