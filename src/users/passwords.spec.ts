import { isCommonPassword, passwordProblem } from './passwords';

describe('password rules', () => {
  const owner = { email: 'tanaka.hanako@example.lg.jp', organizationCode: 'kouiki' };

  it('accepts a long, unlikely passphrase', () => {
    expect(passwordProblem('correct horse battery staple', owner)).toBeUndefined();
    expect(passwordProblem('紫陽花の咲く坂道を上る', owner)).toBe('パスワードは12文字以上にしてください。');
    expect(passwordProblem('紫陽花の咲く坂道をゆっくり上る', owner)).toBeUndefined();
  });

  it('refuses short and overlong passwords', () => {
    expect(passwordProblem('short', owner)).toBe('パスワードは12文字以上にしてください。');
    expect(passwordProblem('x'.repeat(100) + 'y'.repeat(157), owner)).toBe('パスワードは256文字以下にしてください。');
  });

  it('refuses a single repeated character, spaces included', () => {
    const message = '同じ文字だけを繰り返したパスワードは使えません。';
    expect(passwordProblem('aaaaaaaaaaaa', owner)).toBe(message);
    expect(passwordProblem(' '.repeat(12), owner)).toBe(message);
    expect(passwordProblem('あ'.repeat(12), owner)).toBe(message);
    expect(passwordProblem('aaaaaaaaaaab', owner)).not.toBe(message);
  });

  it("refuses the e-mail's local part and the organization code, in any case", () => {
    expect(passwordProblem('my-TANAKA.HANAKO-secret', owner)).toBe('メールアドレスの@より前の部分を含むパスワードは使えません。');
    expect(passwordProblem('tanaka.hanako@example.lg.jp', owner)).toBe('メールアドレスの@より前の部分を含むパスワードは使えません。');
    expect(passwordProblem('Kouiki-spring-garden', owner)).toBe('組織コードを含むパスワードは使えません。');
    // Two-letter parts are inside too many words to refuse.
    expect(passwordProblem('quiet violet morning', { email: 'ai@example.jp', organizationCode: 'et' })).toBeUndefined();
  });

  it('refuses common passwords, alone or padded with digits and symbols', () => {
    const message = 'よく使われていて推測されやすいパスワードです。別のパスワードにしてください。';
    expect(passwordProblem('password1234', owner)).toBe(message);
    expect(passwordProblem('Password1234!', owner)).toBe(message);
    expect(passwordProblem('qwerty123456', owner)).toBe(message);
    expect(passwordProblem('123456654321', owner)).toBe(message);
    expect(passwordProblem('!!!dragon2026', owner)).toBe(message);
    expect(isCommonPassword('leavemealone')).toBe(true);
    expect(isCommonPassword('correct horse battery staple')).toBe(false);
  });
});
