/**
 * One enrollment secret as targeting's GET /api/v1/enrollment-secrets lists it: never the secret,
 * which only the create answer carries (`CreatedEnrollmentSecret`), once.
 */
export interface EnrollmentSecretData {
  id: string;
  name: string;
  /** Null: never expires. */
  expiresAt: string | null;
  /** A new client enrolled with it waits (pending, no token) until an administrator approves it. */
  approvalRequired: boolean;
  createdAt: string;
  /** The name of the admin token that created it. */
  createdBy: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface CreatedEnrollmentSecret {
  id: string;
  name: string;
  /** Shown in this answer only; targeting keeps its sha256. */
  secret: string;
  expiresAt: string | null;
  approvalRequired: boolean;
  createdAt: string;
}
