import { isCalendarDate } from './calendar';
import { ValidateBy } from 'class-validator';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function parse(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    throw new GraphQLError(`日付は YYYY-MM-DD 形式の実在する日付で指定してください（受け取った値: ${JSON.stringify(value)}）。`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
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

/** For Date input fields: the scalar already refuses bad text; this also marks the field as validated (whitelist). */
export function IsCalendarDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value: unknown) => value === null || value === undefined || (typeof value === 'string' && isCalendarDate(value)),
      defaultMessage: () => '日付は YYYY-MM-DD 形式の実在する日付で指定してください。',
    },
  });
}

export { isCalendarDate };
