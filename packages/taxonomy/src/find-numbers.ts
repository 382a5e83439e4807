// Numbers written in prose: digits, number words, and quantities of time such as "a year" or
// "30 days". Policy text must read its numbers from the data, so it may contain none of these.
const numberWords = [
  "zero",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
  "twenty",
  "thirty",
  "forty",
  "fifty",
  "sixty",
  "seventy",
  "eighty",
  "ninety",
  "hundred",
  "thousand",
  "dozen",
  "twice",
  "annual",
  "annually",
  "yearly",
  "monthly",
  "weekly",
  "daily",
  "hourly",
];
const frequencies = new Set(["annual", "annually", "yearly", "monthly", "weekly", "daily", "hourly"]);
const units = "(?:second|minute|hour|day|week|fortnight|month|year|decade)s?";
const amount = `(?:\\d+|${numberWords.join("|")})`;
const quantity = new RegExp(
  `\\b(?:a|an|one|(?:${numberWords.join("|")})(?:-[a-z]+)?)[\\s-]+${units}\\b`,
  "gi",
);
const word = new RegExp(`\\b(?:${numberWords.join("|")})(?:-[a-z]+)?\\b`, "gi");
const digits = /\d+(?:[.,]\d+)*(?:[\s-]+(?:second|minute|hour|day|week|month|year)s?\b)?/gi;
// "day 30" counts days as surely as "30 days"; "under 16" states an age.
const dayNumber = new RegExp(`\\bday[\\s-]${amount}\\b`, "gi");
const ageBound = new RegExp(`\\b(?:under|over|aged?)[\\s-]${amount}\\b(?![\\s-]+${units})`, "gi");

export interface FindNumbersOptions {
  /**
   * Only the figures a policy states: amounts of time ("30 days", "a year", "day 30"), frequencies
   * ("yearly") and age bounds ("under 16"), not counts such as section, RFC or status numbers.
   */
  quantitiesOnly?: boolean;
}

/**
 * Every number-like phrase in `text`, in order of appearance: digits, number words and quantities of
 * time. Text that must read its numbers from the policy data may contain none of them.
 */
export function findNumbers(text: string, options: FindNumbersOptions = {}): string[] {
  const found: { at: number; text: string; quantity: boolean }[] = [];
  const collect = (pattern: RegExp, isQuantity: (match: string) => boolean) => {
    for (const match of text.matchAll(pattern))
      found.push({ at: match.index ?? 0, text: match[0], quantity: isQuantity(match[0]) });
  };
  collect(quantity, () => true);
  collect(word, (match) => frequencies.has(match.toLowerCase()));
  collect(digits, (match) => /[a-z]$/i.test(match));
  collect(dayNumber, () => true);
  collect(ageBound, () => true);
  found.sort((a, b) => a.at - b.at);
  // A quantity ("thirty days") also matches as a word ("thirty"): keep the longer match.
  return found
    .filter(
      (f, i) =>
        !found.some(
          (g, j) =>
            j !== i &&
            g.at <= f.at &&
            g.at + g.text.length >= f.at + f.text.length &&
            g.text.length > f.text.length,
        ),
    )
    .filter((f) => !options.quantitiesOnly || f.quantity)
    .map((f) => f.text);
}
