package portal

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/bigdatacenter/portal/app/store"
)

// AuditQuery filters the audit log (X3). Dates are calendar days, inclusive.
type AuditQuery struct {
	ActorID, ClientID, TargetID int64
	Action, TargetType          string
	From, To                    string
	Page                        Page
}

func (q AuditQuery) filter() (store.AuditFilter, error) {
	f := store.AuditFilter{ActorID: q.ActorID, ClientID: q.ClientID, TargetID: q.TargetID, Action: q.Action, TargetType: q.TargetType}
	var err error
	f.From, f.To, err = dayRange(q.From, q.To)
	return f, err
}

// AuditList is a page of the audit log.
type AuditList = List[store.AuditEntry]

// AuditLog lists audit entries (admins). Nothing in the portal edits or deletes them.
func (s *Service) AuditLog(ctx context.Context, a Actor, q AuditQuery) (AuditList, error) {
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return AuditList{}, err
	}
	f, err := q.filter()
	if err != nil {
		return AuditList{}, err
	}
	f.Limit, f.Offset = q.Page.bounds()
	total, err := s.db.CountAudit(ctx, f)
	if err != nil {
		return AuditList{}, err
	}
	items, err := s.db.ListAudit(ctx, f)
	return AuditList{Items: items, Total: total}, err
}

// ExportAudit writes the filtered audit log as CSV (admins); the export is itself audited.
func (s *Service) ExportAudit(ctx context.Context, a Actor, q AuditQuery, w io.Writer) error {
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return err
	}
	f, err := q.filter()
	if err != nil {
		return err
	}
	export := csvExport{name: "audit", columns: auditExportColumns, action: "audit.export", summary: "audit log exported as CSV"}
	return s.writeExport(ctx, a, w, export, func(w exportWriter) error {
		f.Limit = 1000
		for f.Offset = 0; ; f.Offset += f.Limit {
			items, err := s.db.ListAudit(ctx, f)
			if err != nil {
				return err
			}
			for _, e := range items {
				w.Row(e.At.In(s.tz).Format("2006-01-02 15:04:05"), e.ActorEmail, e.ActorRole, e.IP, e.Action, e.TargetType,
					fmt.Sprint(e.TargetID), fmt.Sprint(e.ClientID), e.Outcome, e.RequestID, e.Summary)
			}
			if len(items) < f.Limit {
				return nil
			}
		}
	})
}

var auditExportColumns = []string{"at", "actor", "role", "ip", "action", "targetType", "targetId", "client", "outcome", "request", "summary"}

// AuditChainStatus is the last verification of the audit log's hash chain (admins).
func (s *Service) AuditChainStatus(ctx context.Context, a Actor) (ChainStatus, error) {
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return ChainStatus{}, err
	}
	return s.db.AuditChainStatus(ctx)
}

// VerifyAuditChain is the nightly check of the audit log's hash chain. It records the outcome,
// which the admin audit page shows, and the first time a break is found it tells every admin,
// in the portal and by e-mail (the kind has no preference: always e-mailed at once). A break
// fails the job run, so that the job history shows it too.
func (s *Service) VerifyAuditChain(ctx context.Context) (string, error) {
	start := time.Now()
	rep, err := s.db.VerifyAuditChain(ctx)
	if err != nil {
		return "", err
	}
	var notified []store.Notification
	err = s.db.Tx(ctx, func(ctx context.Context) error {
		notified = nil
		fresh, err := s.db.RecordAuditVerification(ctx, rep, s.now())
		if err != nil || !fresh {
			return err
		}
		admins, err := s.db.ActiveAdmins(ctx)
		if err != nil {
			return err
		}
		notified, err = s.notify(ctx, System("audit verification"), admins, note{kind: NoteAuditChain,
			params: NoteParams{Break: rep.Break.Kind, Row: rep.Break.Row}})
		return err
	})
	if err != nil {
		return "", err
	}
	s.announce(ctx, notified, nil, "", nil)
	if rep.Break != nil {
		s.log.Error("audit chain broken", "kind", rep.Break.Kind, "row", rep.Break.Row, "detail", rep.Break.Detail)
		return "", fmt.Errorf("audit chain broken: %s", rep.Break.Detail)
	}
	// The head goes to the logs too: a copy outside the database is what a full rewrite contradicts.
	s.log.Info("audit chain verified", "rows", rep.Rows, "last_id", rep.LastID, "last_hash", rep.LastHash)
	return fmt.Sprintf("%d rows, chain intact up to row %d (hash %s), %s", rep.Rows, rep.LastID, rep.LastHash,
		time.Since(start).Round(time.Millisecond)), nil
}
