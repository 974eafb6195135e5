package cli

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/bigdatacenter/portal/app/boot"
)

const auditUsage = "portal audit verify [--config PATH]\n\n" +
	"Walks the audit log's hash chain in one consistent snapshot, recomputing every row's hash,\n" +
	"and names the first row that was edited, deleted or inserted out of order (exit code 1).\n" +
	"It prints the last row's id and hash: kept outside the server, they are what a rebuilt\n" +
	"chain would contradict. The outcome is recorded and shown on the admin audit page; the\n" +
	"nightly verification (alerts.audit_verify_schedule) also alerts the admins."

func runAuditVerify(env Env, args []string) error {
	cfg, err := commandConfig(env, "audit", args)
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	return withMigrated(ctx, env, cfg, func(ctx context.Context, db *boot.Database, _ *slog.Logger) error {
		return verifyAudit(ctx, env, db)
	})
}

// verifyAudit walks the chain, records the outcome and reports it.
func verifyAudit(ctx context.Context, env Env, db *boot.Database) error {
	start := time.Now()
	rep, err := db.Store.VerifyAuditChain(ctx)
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	took := time.Since(start).Round(time.Millisecond)
	if _, err := db.Store.RecordAuditVerification(ctx, rep, time.Now()); err != nil {
		return fmt.Errorf("audit verify: recording the outcome: %w", err)
	}
	if b := rep.Break; b != nil {
		return fmt.Errorf("audit chain broken (%s, row %d): %s; %d rows before it are intact", b.Kind, b.Row, b.Detail, rep.Rows)
	}
	fmt.Fprintf(env.Stdout, "audit chain intact: %d rows, last row %d, hash %s (%s)\n", rep.Rows, rep.LastID, rep.LastHash, took)
	return nil
}
