/**
 * NPI check digit: the Luhn formula over the nine leading digits with the constant 24 added, which
 * stands for the implied 80840 prefix (CMS, "Requirements for NPI check digit").
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  let sum = 24;
  for (let i = 0; i < 9; i++) {
    let digit = Number(npi[8 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  const check = (10 - (sum % 10)) % 10;
  return check === Number(npi[9]);
}
