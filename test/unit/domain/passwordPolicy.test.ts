import { newPasswordError, passwordProblem } from '../../../src/domain/passwordPolicy';

describe('password rules', () => {
  test.each([
    ['short1!', 'The password must be at least 12 characters long'],
    ['x'.repeat(129), 'The password must be 128 characters or fewer'],
    ['aaaaaaaaaaaaaaaa', 'The password repeats the same characters: choose one that is harder to guess'],
    ['abababababababab', 'The password repeats the same characters: choose one that is harder to guess'],
    ['123456789012', 'The password is a run of keys or numbers: choose one that is harder to guess'],
    ['qwertyuiopasdf', 'The password is a run of keys or numbers: choose one that is harder to guess'],
    ['Password2026!', 'The password is too common: choose one that is harder to guess, such as three or four unrelated words'],
    ['welcome123456', 'The password is too common: choose one that is harder to guess, such as three or four unrelated words'],
    ['passwordpassword', 'The password is too common: choose one that is harder to guess, such as three or four unrelated words'],
    ['!!Iloveyou2025', 'The password is too common: choose one that is harder to guess, such as three or four unrelated words'],
  ])('%s is refused: %s', (password, message) => {
    expect(passwordProblem(password)).toBe(message);
  });

  test('a password holding the username or the person\'s name is refused', () => {
    expect(passwordProblem('dana.provider-2026x', { username: 'dana.provider' })).toBe('The password must not contain your name or username');
    expect(passwordProblem('my-Gonzalez-password-x', { displayName: 'Maria Gonzalez' })).toBe('The password must not contain your name or username');
  });

  test.each(['Demo-Password-2026', 'correct horse battery staple', 'Tulip-Anchor-Violet-42', 'ñandú-köln-東京-1999'])('%s is accepted', (password) => {
    expect(passwordProblem(password, { username: 'demo.provider', displayName: 'Dana Provider' })).toBeUndefined();
  });
});

describe('newPasswordError', () => {
  test('the policy first, then the confirmation, each on its field', () => {
    expect(newPasswordError('short', 'short', {})).toEqual({ field: 'newPassword', message: 'The password must be at least 12 characters long' });
    expect(newPasswordError('Tulip-Anchor-Violet-42', 'Tulip-Anchor-Violet-43', {})).toEqual({ field: 'confirmPassword', message: 'The two new passwords are not the same' });
    expect(newPasswordError('Tulip-Anchor-Violet-42', 'Tulip-Anchor-Violet-42', {})).toBeUndefined();
  });
});
