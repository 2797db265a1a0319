import { Fragment } from 'react';

/**
 * A question's wording as the paper form prints it. The item bank marks an underlined word with
 * u tags, as the toolkit prints it; that is the only markup, shown as an underline and never parsed
 * as HTML, so a wording cannot inject anything.
 */
export function Wording({ text }: { text: string }) {
  return (
    <>
      {text.split(/(<u>.*?<\/u>)/).map((part, index) => {
        const underlined = /^<u>(.*)<\/u>$/.exec(part);
        return underlined ? <u key={index}>{underlined[1]}</u> : <Fragment key={index}>{part}</Fragment>;
      })}
    </>
  );
}
