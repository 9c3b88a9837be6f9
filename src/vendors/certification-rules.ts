/** A vendor's certifications as rules, free of I/O: when they lapse. The vendor stores the result; compliance names what lapsed. */

/** One of a vendor's certifications: its type and its last valid day (null: it never lapses). */
export interface CertificationFact {
  type: string;
  validUntil: string | null;
}

export interface LapsedCertification {
  type: string;
  validUntil: string;
}

/** For each certification type, its latest last valid day (null: an entry that never lapses). */
function latestByType(certifications: readonly CertificationFact[]): Map<string, string | null> {
  const latest = new Map<string, string | null>();
  for (const { type, validUntil } of certifications) {
    const known = latest.get(type);
    if (known === null) continue;
    if (validUntil === null) latest.set(type, null);
    else if (known === undefined || validUntil > known) latest.set(type, validUntil);
  }
  return latest;
}

/**
 * The last day on which every certification type has an entry valid that day: for each type the
 * latest validUntil (an entry without one never lapses), then the earliest over the types.
 * Null when nothing lapses (no certifications, or every type has an open-ended entry).
 */
export function certificationsValidThrough(certifications: readonly CertificationFact[]): string | null {
  const lapses = [...latestByType(certifications).values()].filter((date): date is string => date !== null).sort();
  return lapses[0] ?? null;
}

/**
 * The certification types with no entry valid today, each with the last day its latest entry was
 * valid, the earliest first: what CERTIFICATION_EXPIRED names. Empty exactly when
 * `certificationsValidThrough` is null or not before today.
 */
export function lapsedCertifications(certifications: readonly CertificationFact[], today: string): LapsedCertification[] {
  return [...latestByType(certifications)]
    .filter((entry): entry is [string, string] => entry[1] !== null && entry[1] < today)
    .map(([type, validUntil]) => ({ type, validUntil }))
    .sort((a, b) => a.validUntil.localeCompare(b.validUntil) || a.type.localeCompare(b.type));
}
