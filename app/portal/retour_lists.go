package portal

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
)

// The retours' lists: per project and for staff across projects, their filters and the CSV export.

// RetourList is a page of retours.
type RetourList = List[Retour]

func (s *Service) retourFilter(a Actor, q RetourQuery) (store.RetourFilter, error) {
	if q.Status != "" && q.Status != "ouvert" && !retourStatuses[q.Status] {
		return store.RetourFilter{}, Invalid("status", errcode.RetourFilterUnknown, nil)
	}
	if q.Kind != "" && !retourKinds[q.Kind] {
		return store.RetourFilter{}, Invalid("kind", errcode.RetourKindUnknown, nil)
	}
	if q.Priority != "" && !retourPriorities[q.Priority] {
		return store.RetourFilter{}, Invalid("priority", errcode.RetourPriorityUnknown, nil)
	}
	if !store.RetourSortKnown(q.Sort) {
		return store.RetourFilter{}, Invalid("sort", errcode.RetourSortUnknown, nil)
	}
	if q.MinAgeDays < 0 || q.MinAgeDays > maxAgeDays {
		return store.RetourFilter{}, Invalid("age", errcode.RetourAgeRange, errcode.Params{"max": maxAgeDays})
	}
	f := store.RetourFilter{ClientID: q.ClientID, ProjectID: q.ProjectID, MilestoneID: q.MilestoneID, AssigneeID: q.AssigneeID,
		Status: q.Status, Kind: q.Kind, Priority: q.Priority, Sort: q.Sort}
	if a.Role != RoleAdmin {
		f.ClientID, f.AssigneeID = a.ClientID, 0
	}
	if q.MinAgeDays > 0 {
		before := s.now().AddDate(0, 0, -q.MinAgeDays)
		f.CreatedBefore = &before
	}
	f.Limit, f.Offset = q.Page.bounds()
	return f, nil
}

// ListRetours lists retours: those of one project for anyone who may see it (q.ProjectID), or
// across every project for staff.
func (s *Service) ListRetours(ctx context.Context, a Actor, q RetourQuery) (RetourList, error) {
	if q.ProjectID != 0 {
		if _, err := s.loadProject(ctx, a, q.ProjectID); err != nil {
			return RetourList{}, err
		}
	} else if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return RetourList{}, err
	}
	f, err := s.retourFilter(a, q)
	if err != nil {
		return RetourList{}, err
	}
	var l RetourList
	if l.Items, l.Total, err = s.db.ListRetours(ctx, f); err != nil {
		return l, err
	}
	items := make([]*Retour, len(l.Items))
	for i := range l.Items {
		l.Items[i] = a.retourSeen(l.Items[i])
		items[i] = &l.Items[i]
	}
	return l, s.countUnread(ctx, a, items)
}

// ExportRetours writes the filtered retours as CSV, page by page.
func (s *Service) ExportRetours(ctx context.Context, a Actor, q RetourQuery, w io.Writer) error {
	if q.ProjectID != 0 {
		if _, err := s.loadProject(ctx, a, q.ProjectID); err != nil {
			return err
		}
	} else if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return err
	}
	f, err := s.retourFilter(a, q)
	if err != nil {
		return err
	}
	clientID := q.ClientID
	if a.Role != RoleAdmin {
		clientID = a.ClientID
	}
	export := csvExport{name: "retours", columns: retourExportColumns, action: "retour.export", clientID: clientID, summary: "retours exported as CSV"}
	return s.heavy(ctx, func() error { return s.writeExport(ctx, a, w, export, s.retourRows(ctx, f)) })
}

var retourExportColumns = []string{"number", "openedAt", "client", "project", "step", "kind", "priority", "status", "title",
	"openedBy", "assignee", "version", "resolvedAt", "fixVersion", "closedAt", "reopenings"}

// retourRows writes the retours of f, page by page; their kind, priority and state by the
// interface's names.
func (s *Service) retourRows(ctx context.Context, f store.RetourFilter) func(exportWriter) error {
	day := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(s.tz).Format("2006-01-02 15:04")
	}
	version := func(title string, n int) string {
		if n == 0 {
			return ""
		}
		return fmt.Sprintf("%s v%d", title, n)
	}
	return func(w exportWriter) error {
		const limit = 500
		f.Limit = limit
		for f.Offset = 0; ; f.Offset += limit {
			items, _, err := s.db.ListRetours(ctx, f)
			if err != nil {
				return err
			}
			for _, r := range items {
				w.Row(fmt.Sprint(r.ID), day(&r.CreatedAt), r.ClientName, r.ProjectName, r.MilestoneTitle, w.word("retours.kind."+r.Kind),
					w.word("retours.priority."+r.Priority), w.word("retours.status."+r.Status), r.Title, r.OpenedName, r.AssigneeName,
					version(r.VersionDeliverable, r.VersionNumber), day(r.ResolvedAt), version(r.ResolvedDeliverable, r.ResolvedNumber),
					day(r.ClosedAt), fmt.Sprint(r.ReopenCount))
			}
			if len(items) < limit {
				return nil
			}
		}
	}
}
