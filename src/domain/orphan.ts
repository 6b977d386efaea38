/**
 * The account orphaned works are credited to, as on AO3: a writer who orphans a work lets it stay
 * on the archive without their name (or with their pseud's name, on this account).
 */
export const ORPHAN_ACCOUNT = 'orphan_account';
