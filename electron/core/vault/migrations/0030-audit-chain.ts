import type { Migration } from '../../db/migrate';

/**
 * The audit log becomes a chain (audit.ts): each entry carries an HMAC over its content and the
 * previous entry's MAC. Entries written before this version have none; they are sealed once, in
 * order, the first time the vault is unlocked by a Mixwise that knows the audit key. So the update
 * trigger now lets exactly that through (a NULL mac set, nothing else changed) and refuses any other
 * change, as before; deletion stays refused.
 */
export const vaultAuditChain: Migration = {
  version: 30,
  name: '0030-audit-chain',
  up(db) {
    db.exec(`
      ALTER TABLE audit ADD COLUMN mac TEXT CHECK (mac IS NULL OR (length(mac) = 64 AND mac NOT GLOB '*[^0-9a-f]*'));
      DROP TRIGGER audit_no_update;
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        WHEN NOT (OLD.mac IS NULL AND NEW.mac IS NOT NULL AND NEW.seq = OLD.seq AND NEW.at = OLD.at
                  AND NEW.action = OLD.action AND NEW.detail = OLD.detail)
        BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
    `);
  },
};
