/**
 * A wording as plain text, for places that cannot show an underline (a select's options, a
 * search): the toolkit's underline marks are dropped and the words kept.
 */
export function plainWording(text: string): string {
  return text.replace(/<\/?u>/g, '');
}
