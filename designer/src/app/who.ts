// Who did something, as the API records it (`key:<name>` for an API key, `user:<sub>` for a
// person signed in), in words.
export function whoWords(subject: string | undefined): string | undefined {
  if (!subject) return undefined;
  if (subject.startsWith("key:")) return `key “${subject.slice(4)}”`;
  if (subject.startsWith("user:")) return subject.slice(5);
  return subject;
}
