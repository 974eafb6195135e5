package store

import (
	"context"
	"log/slog"
)

// MigrateBefore applies the embedded migrations older than version, as an older portal did.
func (db *DB) MigrateBefore(ctx context.Context, version int, log *slog.Logger) error {
	ms, err := Migrations()
	if err != nil {
		return err
	}
	var old []Migration
	for _, m := range ms {
		if m.Version < version {
			old = append(old, m)
		}
	}
	return db.migrate(ctx, old, log)
}
