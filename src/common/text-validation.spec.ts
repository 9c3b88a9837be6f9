import { validate } from 'class-validator';
import { EmailAddress } from './text-validation';

class Address {
  @EmailAddress({ message: 'メールアドレスの形式が正しくありません。' })
  email!: string;
}

async function problemsOf(email: string): Promise<Record<string, string>[]> {
  const input = Object.assign(new Address(), { email });
  return (await validate(input)).map((error) => error.constraints ?? {});
}

describe('EmailAddress', () => {
  it('passes an address and refuses what is not one', async () => {
    expect(await problemsOf('hanako.yamada@city.example.lg.jp')).toEqual([]);
    expect(await problemsOf('山田@')).toEqual([{ isEmail: 'メールアドレスの形式が正しくありません。' }]);
  });

  it('refuses a lone surrogate instead of throwing (validator.js isEmail throws URIError on one)', async () => {
    expect(await problemsOf('a\uD800@example.jp')).toEqual([{ isEmail: 'メールアドレスの形式が正しくありません。' }]);
    expect(await problemsOf('\uDC00b@example.jp')).toEqual([{ isEmail: 'メールアドレスの形式が正しくありません。' }]);
  });
});
