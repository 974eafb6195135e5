package store

import "context"

// StmtCacheSize lets the tests check the bound of the statement cache.
const StmtCacheSize = stmtCacheSize

// Exec runs a statement where the store's own methods would: in the transaction ctx carries,
// else on the pool.
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	_, err := db.conn(ctx).ExecContext(ctx, query, args...)
	return err
}
