export type Availability = 'available' | 'not-yet-available' | 'expired';

/** The policy leaves these out, but a cached policy can outlive either moment. */
export function availabilityAt(advertisement: { availableAt: string; expiresAt: string | null }, now: Date): Availability {
  if (advertisement.expiresAt !== null && Date.parse(advertisement.expiresAt) <= now.getTime()) {
    return 'expired';
  }
  if (Date.parse(advertisement.availableAt) > now.getTime()) {
    return 'not-yet-available';
  }
  return 'available';
}
