/**
 * 法人番号 (corporate number): 13 digits whose first digit is a check digit over the other twelve
 * (National Tax Agency): check = 9 − (Σ digit × weight) mod 9, where the weight is 1 for a digit
 * whose position counted from the right (of the twelve) is odd and 2 when it is even.
 */
export function corporateNumberCheckDigit(base12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const digit = Number(base12[11 - i]);
    const positionFromRight = i + 1;
    sum += digit * (positionFromRight % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

/** Full-width digits (０-９) become ASCII; surrounding blanks and inner hyphens/spaces are dropped. */
export function normaliseCorporateNumber(value: string): string {
  return value.normalize('NFKC').replace(/[\s-]/g, '');
}

export function isValidCorporateNumber(value: string): boolean {
  if (!/^\d{13}$/.test(value)) return false;
  return Number(value[0]) === corporateNumberCheckDigit(value.slice(1));
}
