package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/bigdatacenter/portal/app/boot"
)

const auditUsage = "portal audit verify [--config PATH]\n\n" +
	"Walks the audit log's hash chain in one consistent snapshot, recomputing every row's hash,\n" +
	"and names the first row that was edited, deleted or inserted out of order (exit code 1).\n" +
	"It prints the last row's id and hash: kept outside the server, they are what a rebuilt\n" +
	"chain would contradict. The outcome is recorded and shown on the admin audit page; the\n" +
	"nightly verification (alerts.audit_verify_schedule) also alerts the admins."

func runAudit(env Env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-help" || args[0] == "-h") {
			fs, _ := newFlags(env, "audit")
			printUsage(fs)
			return nil
		}
		if len(args) == 0 || strings.HasPrefix(args[0], "-") {
			return usageErr("audit: missing subcommand (verify)")
		}
		return usageErr("audit: unknown subcommand %q (verify)", args[0])
	}
	fs, cfgPath := newFlags(env, "audit")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	cfg, err := loadConfig(env, *cfgPath)
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	db, err := boot.OpenMigrated(ctx, cfg, boot.Logger(cfg, env.Stderr))
	if err != nil {
		return err
	}
	defer db.Close()
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
