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
const units = "(?:second|minute|hour|day|week|fortnight|month|year|decade)s?";
const quantity = new RegExp(
  `\\b(?:a|an|one|(?:${numberWords.join("|")})(?:-[a-z]+)?)[\\s-]+${units}\\b`,
  "gi",
);
const word = new RegExp(`\\b(?:${numberWords.join("|")})(?:-[a-z]+)?\\b`, "gi");
const digits = /\d+(?:[.,]\d+)*(?:[\s-]+(?:second|minute|hour|day|week|month|year)s?\b)?/gi;

/** Every number-like phrase in `text`, in order of appearance. */
export function findNumbers(text: string): string[] {
  const found: { at: number; text: string }[] = [];
  for (const pattern of [quantity, word, digits]) {
    for (const match of text.matchAll(pattern)) found.push({ at: match.index ?? 0, text: match[0] });
  }
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
    .map((f) => f.text);
}
