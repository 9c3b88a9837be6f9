/** The largest ledger file an import accepts. */
export const MAX_UPLOAD_MIB = 20;
export const MAX_UPLOAD_BYTES = MAX_UPLOAD_MIB * 1024 * 1024;
