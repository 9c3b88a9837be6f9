import { isEmail, ValidateBy, ValidationOptions } from 'class-validator';
import { MULTI_LINE, SINGLE_LINE, TEXT_PROBLEM_MESSAGES, TextProblem, textProblems, TextRule } from './text-rules';

/**
 * The rules' names. Each problem is its own constraint, `<rule>:<problem>` (class-validator keys a
 * field's failures by name); a unit test checks that every String input field carries a rule.
 */
export const TEXT_RULE_NAMES = ['singleLineText', 'multiLineText', 'secretText'] as const;

/**
 * One constraint per problem, so that a value with two problems gets two messages, each in Japanese.
 * A value that is not a string passes: IsString (or the GraphQL type) answers for that.
 */
function textRule(
  name: (typeof TEXT_RULE_NAMES)[number],
  rule: TextRule,
  problems: readonly TextProblem[],
  each: boolean,
): PropertyDecorator {
  return (target, key) => {
    for (const problem of problems) {
      const options: ValidationOptions = { each, message: TEXT_PROBLEM_MESSAGES[problem] };
      ValidateBy(
        {
          name: `${name}:${problem}`,
          constraints: [problem],
          validator: { validate: (value: unknown) => typeof value !== 'string' || !textProblems(value, rule).includes(problem) },
        },
        options,
      )(target, key);
    }
  };
}

const ALL_PROBLEMS: readonly TextProblem[] = ['nul', 'loneSurrogate', 'lineBreak', 'control', 'bidiControl', 'invisible'];

/**
 * A name, a code, an address, a URL: one line of text that shows. Refuses lone surrogates, line
 * breaks and every other control character, bidirectional overrides, and (when not empty) a value
 * with no visible character. `requireVisible: false` for a search filter; `each` for a list of texts.
 */
export function SingleLineText(options: { requireVisible?: boolean; each?: boolean } = {}): PropertyDecorator {
  const rule = { ...SINGLE_LINE, requireVisible: options.requireVisible ?? true };
  return textRule('singleLineText', rule, ALL_PROBLEMS, options.each ?? false);
}

/** A note, a comment, a policy, a reason: the rules of a single line, but line breaks (CR, LF) are kept. */
export function MultiLineText(): PropertyDecorator {
  return textRule(
    'multiLineText',
    MULTI_LINE,
    ALL_PROBLEMS.filter((problem) => problem !== 'lineBreak'),
    false,
  );
}

/**
 * A password: never shown, so any character a person can type is allowed (a password set before
 * these rules must still sign in); only what cannot be stored or hashed as text is refused: a NUL
 * and a lone surrogate.
 */
export function SecretText(): PropertyDecorator {
  return textRule('secretText', { multiLine: true, requireVisible: false }, ['nul', 'loneSurrogate'], false);
}

/**
 * An e-mail address (class-validator's IsEmail, same constraint name). A string with a lone surrogate
 * is refused before it reaches validator.js, whose isEmail throws URIError on one (an internal error
 * where the client deserved BAD_USER_INPUT).
 */
export function EmailAddress(options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEmail',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && !textProblems(value, SINGLE_LINE).includes('loneSurrogate') && isEmail(value),
      },
    },
    options,
  );
}

/**
 * At most `max` characters as PostgreSQL counts them, one per code point. class-validator's
 * MaxLength counts a character followed by a variation selector (U+FE0F) as one, so 'a\uFE0F' × 200
 * passed a limit of 200 that a varchar(200) then refused with an internal error. Same constraint
 * name and `$constraint1` as MaxLength, so its messages read the same.
 */
export function MaxChars(max: number, options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxLength',
      constraints: [max],
      validator: { validate: (value: unknown) => typeof value === 'string' && [...value].length <= max },
    },
    options,
  );
}
