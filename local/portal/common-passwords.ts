/**
 * A small sample of the most common passwords of at least 8 characters, from the public lists of
 * breached passwords (the UK NCSC's top 100,000 from Have I Been Pwned, and SecLists' most common
 * credentials), lower-cased. A real portal checks the full breached-password corpus (for example
 * Have I Been Pwned's k-anonymity range API); this local reference keeps a short list that shows
 * where the check goes without any call leaving the machine.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '12345678', '123456789', '1234567890', '12345678910', '87654321', '11111111', '00000000', '88888888',
  '11223344', '12341234', '123123123', '987654321', '147258369', '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx',
  'password', 'password1', 'password12', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pa$$word',
  'qwertyuiop', 'qwerty123', 'qwerty12', 'qwertyui', 'asdfghjkl', 'zxcvbnm1', 'abcd1234', 'abc12345',
  'abcdefgh', 'iloveyou', 'iloveyou1', 'sunshine', 'princess', 'football', 'baseball', 'welcome1',
  'welcome123', 'letmein1', 'trustno1', 'superman', 'starwars', 'whatever', 'computer', 'michelle',
  'jennifer', 'corvette', 'mercedes', 'internet', 'liverpool', 'chocolate', 'butterfly', 'passport',
  'changeme', 'changeme1', 'admin123', 'administrator', 'master123', 'q1w2e3r4', 'q1w2e3r4t5', 'zaq12wsx',
  'aa123456', 'a1b2c3d4', 'monkey123', 'dragon123', 'shadow12', 'football1', 'charlie1', 'michael1',
  'reset-password', 'resetpassword', 'newpassword', 'newpassword1', 'password!', 'password1!',
]);
