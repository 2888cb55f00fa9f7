package sqldb

import (
	"context"
	"fmt"
)

// SetNameKey stores a person's name_key as a release before the case fold
// of japanese.NameKey did (test only).
func SetNameKey(ctx context.Context, db *DB, personID, key string) error {
	return db.inTx(ctx, true, "test", func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE persons SET name_key = ? WHERE id = ?", key, personID)
		return err
	})
}

// StoredNameKey reads a person's name_key (test only).
func StoredNameKey(ctx context.Context, db *DB, personID string) (string, error) {
	var k string
	err := db.inTx(ctx, false, "test", func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT name_key FROM persons WHERE id = ?", personID).Scan(&k)
	})
	return k, err
}

// RerunMigration runs the statements of one migration again (test only).
func RerunMigration(ctx context.Context, db *DB, version int) error {
	ms, err := db.migrations()
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.version == version {
			return db.inTx(ctx, true, "test", func(tx *Tx) error {
				for _, stmt := range splitSQL(m.sql) {
					if _, err := tx.exec(ctx, stmt); err != nil {
						return err
					}
				}
				return nil
			})
		}
	}
	return fmt.Errorf("no migration %d", version)
}
