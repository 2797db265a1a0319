/** "a" or "an" before an English word: by its first sound, which the first letters mostly tell. */
export function englishArticle(word: string): 'a' | 'an' {
  const lower = word.trim().toLowerCase();
  // "a Ukrainian", "a European", "a one-time": a vowel letter sounding like "y" or "w".
  if (/^(eu|ew|uk|uni|usa|use|usu|uti|ura|uru|one|once)/.test(lower)) return 'a';
  // "an hour", "an honest": a silent h.
  if (/^(hour|honest|honou?r|heir)/.test(lower)) return 'an';
  return /^[aeiou]/.test(lower) ? 'an' : 'a';
}
