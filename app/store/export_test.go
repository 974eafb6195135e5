package store

import "context"

// StmtCacheSize lets the tests check the bound of the statement cache.
const StmtCacheSize = stmtCacheSize

// MigrateTo applies the embedded migrations up to version, for the tests of a migration's
// data conversion.
func (db *DB) MigrateTo(ctx context.Context, version int) error {
	ms, err := Migrations()
	if err != nil {
		return err
	}
	var upTo []Migration
	for _, m := range ms {
		if m.Version <= version {
			upTo = append(upTo, m)
		}
	}
	return db.migrate(ctx, upTo, nil)
}

// Exec runs a statement where the store's own methods would: in the transaction ctx carries,
// else on the pool.
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	_, err := db.conn(ctx).ExecContext(ctx, query, args...)
	return err
}
