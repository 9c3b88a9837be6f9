import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One sign-in counter, shared by every instance through the database (see sign-in-limits.ts): all
 * attempts from an address in a minute, or failures in a window for an address, an account, or an
 * account from one address. The account-and-address row also holds the failures not yet audited
 * (one LOGIN_FAILED event per account, address and minute, with a count).
 */
@Entity('sign_in_throttles')
@Index(['organizationId', 'blockedUntil'])
@Index(['updatedAt'])
export class SignInThrottleEntity {
  /** scope, account and address hashed together: no typed text is kept in the key. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  @Column({ type: 'varchar', length: 20 })
  scope: string;

  /** Null for an unknown organization code, and for the address-wide counters. */
  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  /** The account when it exists. */
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  /** The client address (null for the account-wide counter). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  address: string | null;

  /** The e-mail as typed, masked (ta***@ex***.jp); for the audit and the administrator's list. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  emailMask: string | null;

  /** HMAC-SHA-256 of the normalised e-mail with the server's key, for an unknown e-mail: findable, not readable. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  emailHash: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  windowStart: Date;

  @Column({ type: 'integer' })
  count: number;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  blockedUntil: Date | null;

  /** The latest successful sign-in of this account from this address: such an address is not held by the account-wide limit. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastSuccessAt: Date | null;

  /** The minute whose failures are not yet audited, their count, the audit action and reason. */
  @Column({ type: 'timestamptz', nullable: true })
  auditMinute: Date | null;

  @Column({ type: 'integer', default: 0 })
  auditCount: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  auditAction: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  auditReason: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  organizationCode: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

/** Keys the server keeps in the database, shared by every instance (the audit's e-mail HMAC key). */
@Entity('server_secrets')
export class ServerSecretEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 200 })
  value: string;
}
