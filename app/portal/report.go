package portal

import (
	"context"
	"time"

	"github.com/bigdatacenter/portal/app/locale"
	"github.com/bigdatacenter/portal/app/store"
)

// ProjectReport is the follow-up report of a project (« rapport de suivi », A7): status,
// progress, steps met and missed, deliverables and decisions, open items, recent exchanges.
type ProjectReport struct {
	GeneratedAt time.Time
	TimeZone    *time.Location
	// Language is the requester's: the report is written in it.
	Language     string
	Project      ProjectDetail
	Deliverables []DeliverableView
	Messages     []store.Message
	// MetOnTime, MetLate, Missed count the steps delivered by their due day, after it, and
	// overdue now.
	MetOnTime, MetLate, Missed int
	// OpenItems are what awaits someone: overdue steps, versions awaiting the client's decision.
	OpenItems []OpenItem
	// Retours are the project's figures of retours since it began, and OpenRetours the
	// retours not closed, most urgent first (at most 50).
	Retours     RetourStats
	OpenRetours []Retour
}

// OpenItem is a step overdue (Due set) or a version awaiting the client's decision (Version set).
type OpenItem struct {
	Title   string
	Due     *time.Time
	Version int
}

// retoursEpoch starts the period of a project's figures of retours: all of them.
var retoursEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// ProjectReport gathers a project's report for someone who may see the project (a client user
// gets its own projects' reports).
func (s *Service) ProjectReport(ctx context.Context, a Actor, projectID int64) (ProjectReport, error) {
	d, err := s.GetProject(ctx, a, projectID)
	if err != nil {
		return ProjectReport{}, err
	}
	r := ProjectReport{GeneratedAt: s.now(), TimeZone: s.tz, Language: locale.Lang(a.Language), Project: d}
	if r.Deliverables, err = s.ProjectDeliverables(ctx, a, projectID); err != nil {
		return r, err
	}
	// A report is written for the client, whoever asks for it: internal notes stay out.
	if r.Messages, err = s.db.ProjectMessages(ctx, projectID, 0, 0, 10, false); err != nil {
		return r, err
	}
	for _, m := range d.Milestones {
		switch {
		case m.DeliveredAt != nil && (m.DueDate == nil || !Today(*m.DeliveredAt, s.tz).After(*m.DueDate)):
			r.MetOnTime++
		case m.DeliveredAt != nil:
			r.MetLate++
		case m.Overdue:
			r.Missed++
			r.OpenItems = append(r.OpenItems, OpenItem{Title: m.Title, Due: m.DueDate})
		}
	}
	for _, del := range r.Deliverables {
		if len(del.Versions) > 0 && del.Versions[0].Status == VersionPending {
			r.OpenItems = append(r.OpenItems, OpenItem{Title: del.Title, Version: del.Versions[0].Number})
		}
	}
	if r.Retours, err = s.retourStats(ctx, store.StatsFilter{From: retoursEpoch, To: r.GeneratedAt.Add(time.Second), ProjectID: projectID}); err != nil {
		return r, err
	}
	if r.OpenRetours, _, err = s.db.ListRetours(ctx, store.RetourFilter{ProjectID: projectID, Status: "ouvert", Sort: "priority", Limit: 50}); err != nil {
		return r, err
	}
	if err := s.db.InsertAudit(ctx, a.audit(s, "report.project", "project", projectID, d.ClientID, "success", "follow-up report generated")); err != nil {
		return r, err
	}
	return r, nil
}

// ClientReport is the follow-up report of a client: each of its projects' report.
type ClientReport struct {
	Client   store.Client
	Language string // the requester's, as in ProjectReport
	Projects []ProjectReport
}

// ClientReport gathers every project report of a client (admins).
func (s *Service) ClientReport(ctx context.Context, a Actor, clientID int64) (ClientReport, error) {
	c, err := s.GetClient(ctx, a, clientID)
	if err != nil {
		return ClientReport{}, err
	}
	list, err := s.ListProjects(ctx, a, ProjectQuery{ClientID: clientID, Page: Page{Size: 100}})
	if err != nil {
		return ClientReport{}, err
	}
	r := ClientReport{Client: c, Language: locale.Lang(a.Language)}
	for _, p := range list.Items {
		pr, err := s.ProjectReport(ctx, a, p.ID)
		if err != nil {
			return r, err
		}
		r.Projects = append(r.Projects, pr)
	}
	return r, nil
}
