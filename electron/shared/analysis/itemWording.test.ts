import { describe, expect, it } from 'vitest';
import { sharedWording } from './itemWording';

describe("an item's wording for a chart of all groups", () => {
  it('keeps the words every version shares and marks where the groups differ', () => {
    expect(
      sharedWording([
        'When you think about people who are long-time residents, how much do you feel <u>negatively</u> or <u>positively</u> toward them?',
        'When you think about people who are newcomers, how much do you feel <u>negatively</u> or <u>positively</u> toward them?',
      ], 200),
    ).toBe('When you think about people who are …, how much do you feel negatively or positively toward them?');
  });

  it('gives one version its own words, without markup, and cuts a long wording at a word', () => {
    expect(sharedWording(['I feel <u>safe</u> in my  neighbourhood.'])).toBe('I feel safe in my neighbourhood.');
    expect(sharedWording(['How much do you trust people from the other community to keep their promises to you?'], 40)).toBe(
      'How much do you trust people from the…',
    );
    expect(sharedWording([])).toBe('');
  });
});
