/**
 * Password rules (OWASP ASVS 2.1, NIST SP 800-63B 5.1.1.2): at least 12 characters, up to 128, any
 * characters at all; refused when it is a common password, a common word with a few digits or signs
 * around it, one character repeated, a keyboard or number run, or the user's own name.
 */
export const MIN_LENGTH = 12;
export const MAX_LENGTH = 128;

// Passwords and base words that lists of breached passwords show most often.
const COMMON_WORDS = [
  'password', 'passw0rd', 'p@ssword', 'p@ssw0rd', 'welcome', 'qwerty', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'letmein', 'admin', 'administrator',
  'iloveyou', 'monkey', 'dragon', 'football', 'baseball', 'basketball', 'soccer', 'hockey', 'sunshine', 'princess', 'master', 'shadow',
  'superman', 'batman', 'trustno1', 'changeme', 'secret', 'login', 'starwars', 'whatever', 'freedom', 'computer', 'internet', 'michael',
  'jennifer', 'jordan', 'hunter', 'ranger', 'buster', 'summer', 'winter', 'spring', 'autumn', 'default', 'abc123', 'access', 'flower',
  'hello', 'charlie', 'cheese', 'pepper', 'ginger', 'jessica', 'ashley', 'daniel', 'matthew', 'andrew', 'joshua', 'thomas', 'robert',
  'hospital', 'clinic', 'doctor', 'nurse', 'medical', 'health', 'patient', 'openpa', 'portal', 'demo', 'test', 'testing', 'user', 'guest',
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'monday', 'friday',
];
const RUNS = ['0123456789', '1234567890', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm', '9876543210'];

export function passwordProblem(password: string, user: { username?: string; displayName?: string } = {}): string | undefined {
  if (password.length < MIN_LENGTH) return `The password must be at least ${MIN_LENGTH} characters long`;
  if (password.length > MAX_LENGTH) return `The password must be ${MAX_LENGTH} characters or fewer`;
  const lower = password.toLowerCase();
  if (new Set(lower).size <= 2) return 'The password repeats the same characters: choose one that is harder to guess';
  if (RUNS.some((run) => run.includes(lower) || (lower.length >= 12 && run.includes(lower.slice(0, 8))))) {
    return 'The password is a run of keys or numbers: choose one that is harder to guess';
  }
  // A common word with only digits and signs around it ("Password2026!", "welcome123456").
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '').replace(/[^a-z@0]/g, '');
  if (COMMON_WORDS.some((w) => core === w || core === w.repeat(2) || core === `${w}${w}`)) {
    return 'The password is too common: choose one that is harder to guess, such as three or four unrelated words';
  }
  const names = [user.username, ...(user.displayName ?? '').split(/\s+/)].filter((n): n is string => Boolean(n && n.length >= 3)).map((n) => n.toLowerCase());
  if (names.some((n) => lower.includes(n.replace(/[^a-z0-9]/g, '')) || lower.includes(n))) {
    return 'The password must not contain your name or username';
  }
  return undefined;
}

/** What is wrong with a new password and its confirmation (Change password, Set password), by field; undefined when nothing. */
export function newPasswordError(newPassword: string, confirmPassword: string, user: { username?: string; displayName?: string }): { field: 'newPassword' | 'confirmPassword'; message: string } | undefined {
  const problem = passwordProblem(newPassword, user);
  if (problem) return { field: 'newPassword', message: problem };
  if (confirmPassword !== newPassword) return { field: 'confirmPassword', message: 'The two new passwords are not the same' };
  return undefined;
}
