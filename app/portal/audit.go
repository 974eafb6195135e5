package portal

import (
	"context"
	"fmt"
	"io"

	"github.com/bigdatacenter/portal/app/csvout"
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
type AuditList struct {
	Items []store.AuditEntry
	Total int
}

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
	cw := csvout.New(w)
	cw.Row("date", "acteur", "rôle", "ip", "action", "cible", "id cible", "client", "résultat", "requête", "résumé")
	f.Limit = 1000
	for f.Offset = 0; ; f.Offset += f.Limit {
		items, err := s.db.ListAudit(ctx, f)
		if err != nil {
			return err
		}
		for _, e := range items {
			cw.Row(e.At.In(s.tz).Format("2006-01-02 15:04:05"), e.ActorEmail, e.ActorRole, e.IP, e.Action, e.TargetType,
				fmt.Sprint(e.TargetID), fmt.Sprint(e.ClientID), e.Outcome, e.RequestID, e.Summary)
		}
		if len(items) < f.Limit {
			break
		}
	}
	if err := s.db.InsertAudit(ctx, a.audit(s, "audit.export", "", 0, 0, "success", "audit log exported as CSV")); err != nil {
		return err
	}
	return cw.Flush()
}
