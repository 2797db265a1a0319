import type { ChangeEvent } from 'react';
import { Field } from './Field';

export type PassphraseFieldErrors = Partial<Record<'current' | 'next' | 'confirm' | 'form', string>>;
export interface PassphraseChange {
  current: string;
  next: string;
  confirm: string;
}
export const emptyPassphraseChange: PassphraseChange = { current: '', next: '', confirm: '' };

/**
 * The three inputs of a passphrase change (current, new, repeat), the same for the study's form and
 * the vault's. The repeat is checked by the form; strength and the current passphrase by the core.
 */
export function PassphraseChangeFields({
  value,
  errors,
  labels,
  onChange,
}: {
  value: PassphraseChange;
  errors: PassphraseFieldErrors;
  labels: { current: string; next: string; nextHint: string; repeat: string };
  onChange(value: PassphraseChange): void;
}) {
  const input = (key: keyof PassphraseChange) => ({
    type: 'password',
    autoComplete: key === 'current' ? 'off' : 'new-password',
    value: value[key],
    error: errors[key],
    onChange: (event: ChangeEvent<HTMLInputElement>) => onChange({ ...value, [key]: event.target.value }),
  });
  return (
    <>
      <Field label={labels.current} {...input('current')} />
      <Field label={labels.next} hint={labels.nextHint} {...input('next')} />
      <Field label={labels.repeat} {...input('confirm')} />
    </>
  );
}

/** Where a refusal from the core is shown: at the current or the new passphrase, or above the form. */
export function passphraseErrorField(field: string | undefined): 'current' | 'next' | 'form' {
  return field === 'current' || field === 'next' ? field : 'form';
}
