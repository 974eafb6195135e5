package portal

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
)

// Project statuses (C3).
const (
	StatusInProgress = "en_cours" // En cours
	StatusPaused     = "en_pause" // En pause
	StatusDone       = "termine"  // Terminé
)

var statusLabels = map[string]string{StatusInProgress: "En cours", StatusPaused: "En pause", StatusDone: "Terminé"}

// ProjectSummary is a project with what is computed from its milestones and dates.
type ProjectSummary struct {
	store.Project
	Progress Progress
	Schedule Schedule
	// HasOverdue is true when a milestone's due date passed and it is not delivered.
	HasOverdue bool
	// IsLate is true when the deadline passed and the project is not finished.
	IsLate bool
	// UnreadMessages counts messages others wrote since the reader last opened the thread.
	UnreadMessages int
}

func (s *Service) summarize(p store.Project, today time.Time) ProjectSummary {
	pr := ComputeProgress(p.ProgressMilli, p.WeightTotal, p.MilestonesDone, p.MilestonesTotal)
	sch := ProjectSchedule(p.Status, p.StartDate, p.Deadline, p.NextDueDate, pr.Percent, today)
	return ProjectSummary{Project: p, Progress: pr, Schedule: sch,
		HasOverdue: p.Status != StatusDone && p.NextDueDate != nil && p.NextDueDate.Before(today),
		IsLate:     sch == Late}
}

func (s *Service) today() time.Time { return Today(s.now(), s.tz) }

// ProjectQuery filters a list of projects. ClientID is honoured for admins only: a client user
// always gets its own company's projects.
type ProjectQuery struct {
	ClientID int64
	Status   string
	Late     bool
	Overdue  bool
	Search   string
	Sort     string
	Page     Page
}

// ProjectList is one page of projects.
type ProjectList = List[ProjectSummary]

// ListProjects lists the projects the actor may see (X2): all for admins, its company's for a
// client user, filtered in SQL.
func (s *Service) ListProjects(ctx context.Context, a Actor, q ProjectQuery) (ProjectList, error) {
	if err := s.authorize(ctx, a, ActViewProjects); err != nil {
		return ProjectList{}, err
	}
	if q.Status != "" && statusLabels[q.Status] == "" {
		return ProjectList{}, Invalid("status", errcode.StatusFilterUnknown, nil)
	}
	clientID := q.ClientID
	if a.Role != RoleAdmin {
		clientID = a.ClientID
	}
	limit, offset := q.Page.bounds()
	today := s.today()
	items, total, err := s.db.ListProjects(ctx, store.ProjectFilter{ClientID: clientID, Status: q.Status, Late: q.Late, Overdue: q.Overdue,
		Search: q.Search, Sort: q.Sort, Today: today, Limit: limit, Offset: offset})
	if err != nil {
		return ProjectList{}, err
	}
	ids := make([]int64, len(items))
	for i, p := range items {
		ids[i] = p.ID
	}
	unread, err := s.db.UnreadCounts(ctx, a.UserID, ids, a.IsAdmin())
	if err != nil {
		return ProjectList{}, err
	}
	out := ProjectList{Total: total, Items: make([]ProjectSummary, 0, len(items))}
	for _, p := range items {
		sum := s.summarize(p, today)
		sum.UnreadMessages = unread[p.ID]
		out.Items = append(out.Items, sum)
	}
	return out, nil
}

// MilestoneView is a milestone with its overdue flag and the task counts its reader is shown
// (a client counts the visible tasks only).
type MilestoneView struct {
	store.Milestone
	Overdue               bool
	ShownDone, ShownTotal int
}

// ProjectDetail is the project page (C3): description, dates, milestones, history, status, and
// what each step contributes to the percentage.
type ProjectDetail struct {
	ProjectSummary
	Milestones []MilestoneView
	History    []store.MilestoneEvent
	Shares     []StepShare
}

// loadProject reads a project the actor may see; another client's project is a missing one,
// and the attempt is audited.
func (s *Service) loadProject(ctx context.Context, a Actor, id int64) (store.Project, error) {
	p, err := authorizedRow(ctx, s, a, ActViewProjects, s.db.ProjectByID, id)
	if err != nil {
		return p, err
	}
	if a.Role != RoleAdmin && p.ClientID != a.ClientID {
		s.auditDenied(ctx, a, "view project", "project", p.ID, p.ClientID)
		return store.Project{}, ErrNotFound
	}
	return p, nil
}

// GetProject returns the project page.
func (s *Service) GetProject(ctx context.Context, a Actor, id int64) (ProjectDetail, error) {
	p, err := s.loadProject(ctx, a, id)
	if err != nil {
		return ProjectDetail{}, err
	}
	ms, err := s.db.MilestonesOf(ctx, id)
	if err != nil {
		return ProjectDetail{}, err
	}
	events, err := s.db.EventsOf(ctx, id, a.IsAdmin(), 200)
	if err != nil {
		return ProjectDetail{}, err
	}
	today := s.today()
	d := ProjectDetail{ProjectSummary: s.summarize(p, today), History: events, Milestones: make([]MilestoneView, 0, len(ms)),
		Shares: ExplainProgress(ms, p.WeightTotal)}
	for _, m := range ms {
		v := MilestoneView{Milestone: m, Overdue: p.Status != StatusDone && Overdue(m.DueDate, m.State, today),
			ShownDone: m.VisibleTasksDone, ShownTotal: m.VisibleTasksTotal}
		if a.IsAdmin() {
			v.ShownDone, v.ShownTotal = m.TasksDone, m.TasksTotal
		}
		d.Milestones = append(d.Milestones, v)
	}
	return d, nil
}

// ProjectInput is what an admin sets on a project. Dates are "YYYY-MM-DD" or empty.
type ProjectInput struct {
	ClientID    int64  `json:"client_id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	StartDate   string `json:"start_date"`
	Deadline    string `json:"deadline"`
	Status      string `json:"status"`
	ManagerID   int64  `json:"manager_id"`
}

// parseDay reads an optional calendar day.
func parseDay(field string, label errcode.Label, s string) (*time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	d, err := time.Parse("2006-01-02", s)
	if err != nil || d.Year() < 2000 || d.Year() > 2100 {
		return nil, Invalid(field, errcode.DateInvalid, errcode.Params{"label": label})
	}
	return &d, nil
}

// dayRange reads an inclusive period of calendar days ("from", "to", either may be empty) as
// the half-open interval [from, to+1 day) that queries use.
func dayRange(fromText, toText string) (from, to *time.Time, err error) {
	if from, err = parseDay("from", errcode.LabelStartDate, fromText); err != nil {
		return nil, nil, err
	}
	if to, err = parseDay("to", errcode.LabelEndDate, toText); err != nil {
		return nil, nil, err
	}
	if to != nil {
		next := to.AddDate(0, 0, 1)
		to = &next
	}
	return from, to, nil
}

func (s *Service) validateProject(ctx context.Context, in ProjectInput) (store.Project, error) {
	var p store.Project
	var f fields
	f.line(&p.Name, "name", errcode.LabelProjectName, in.Name, true, 200)
	f.text(&p.Description, "description", errcode.LabelDescription, in.Description, false, 20000)
	f.day(&p.StartDate, "start_date", errcode.LabelStartDate, in.StartDate)
	f.day(&p.Deadline, "deadline", errcode.LabelDeadline, in.Deadline)
	if f.err != nil {
		return p, f.err
	}
	if p.StartDate != nil && p.Deadline != nil && p.Deadline.Before(*p.StartDate) {
		return p, Invalid("deadline", errcode.DeadlineBeforeStart, nil)
	}
	p.Status = in.Status
	if p.Status == "" {
		p.Status = StatusInProgress
	}
	if statusLabels[p.Status] == "" {
		return p, Invalid("status", errcode.ProjectStatusUnknown, nil)
	}
	c, err := s.db.ClientByID(ctx, in.ClientID)
	if errors.Is(err, store.ErrNotFound) || in.ClientID == 0 {
		return p, Invalid("client_id", errcode.ProjectClientRequired, nil)
	}
	if err != nil {
		return p, err
	}
	if c.ArchivedAt != nil {
		return p, Invalid("client_id", errcode.ProjectClientArchived, nil)
	}
	p.ClientID, p.ClientName = c.ID, c.Name
	if err := s.staffMember(ctx, "manager_id", errcode.ManagerNotActive, in.ManagerID); err != nil {
		return p, err
	}
	p.ManagerID = in.ManagerID
	return p, nil
}

// CreateProject creates a project for a client (A3).
func (s *Service) CreateProject(ctx context.Context, a Actor, in ProjectInput) (ProjectDetail, error) {
	p, err := authorizedInput(ctx, s, a, ActManageProjects, func() (store.Project, error) { return s.validateProject(ctx, in) })
	if err != nil {
		return ProjectDetail{}, err
	}
	out, err := txAnswer(ctx, s, func(ctx context.Context) error {
		id, err := s.db.InsertProject(ctx, p, s.now())
		if err != nil {
			return err
		}
		p.ID = id
		return s.db.InsertAudit(ctx, a.audit(s, "project.create", "project", id, p.ClientID, "success",
			fmt.Sprintf("project « %s » created for « %s »", p.Name, p.ClientName)))
	}, func(ctx context.Context) (ProjectDetail, error) {
		return s.GetProject(ctx, a, p.ID)
	})
	return out, err
}

// UpdateProject edits a project: details, client, status, person in charge.
func (s *Service) UpdateProject(ctx context.Context, a Actor, id int64, in ProjectInput) (ProjectDetail, error) {
	next, err := authorizedInput(ctx, s, a, ActManageProjects, func() (store.Project, error) { return s.validateProject(ctx, in) })
	if err != nil {
		return ProjectDetail{}, err
	}
	var notified []store.Notification
	out, err := txAnswer(ctx, s, func(ctx context.Context) error {
		cur, err := found(s.db.ProjectForUpdate(ctx, id))
		if err != nil {
			return err
		}
		next.ID = id
		if err := s.db.UpdateProject(ctx, next, s.now()); err != nil {
			return err
		}
		summary := "changed: " + changedFields(map[string][2]string{
			"name": {cur.Name, next.Name}, "description": {cur.Description, next.Description},
			"start_date": {dayString(cur.StartDate), dayString(next.StartDate)}, "deadline": {dayString(cur.Deadline), dayString(next.Deadline)},
			"client": {fmt.Sprint(cur.ClientID), fmt.Sprint(next.ClientID)}, "manager": {fmt.Sprint(cur.ManagerID), fmt.Sprint(next.ManagerID)},
			"status": {cur.Status, next.Status},
		})
		if cur.Status != next.Status {
			summary += fmt.Sprintf("; status %s → %s", statusLabels[cur.Status], statusLabels[next.Status])
			clients, _, err := s.db.ProjectAudience(ctx, id)
			if err != nil {
				return err
			}
			if notified, err = s.notify(ctx, a, clients, note{kind: NoteStatus, params: NoteParams{ProjectID: id, Project: next.Name,
				Status: next.Status}}); err != nil {
				return err
			}
		}
		return s.db.InsertAudit(ctx, a.audit(s, "project.update", "project", id, next.ClientID, "success", summary))
	}, func(ctx context.Context) (ProjectDetail, error) {
		return s.GetProject(ctx, a, id)
	})
	if err != nil {
		return ProjectDetail{}, err
	}
	s.announce(ctx, notified, s.projectViewers(ctx, id), "project", map[string]int64{"project_id": id})
	return out, nil
}

func dayString(d *time.Time) string {
	if d == nil {
		return ""
	}
	return d.Format("2006-01-02")
}

// Overview is the admin's general dashboard (A1).
type Overview struct {
	store.Overview
	OverdueMilestones []store.OverdueMilestone
	LateProjects      []ProjectSummary
}

// overviewCache keeps the last overview and the version of the data it was computed from;
// admins asking while it is computed wait for that computation rather than start their own.
type overviewCache struct {
	mu      sync.Mutex
	version string
	value   Overview
	running chan struct{} // closed when the computation in flight ends
	// computations counts the computations started (tests read it).
	computations atomic.Int64
}

func (c *overviewCache) get(ctx context.Context, version string, compute func() (Overview, error)) (Overview, error) {
	for {
		c.mu.Lock()
		if c.version == version && c.running == nil {
			v := c.value
			c.mu.Unlock()
			return v, nil
		}
		if wait := c.running; wait != nil {
			c.mu.Unlock()
			select {
			case <-wait:
				continue // its result may be of this version, or it failed: look again
			case <-ctx.Done():
				return Overview{}, ctx.Err()
			}
		}
		done := make(chan struct{})
		c.running = done
		c.mu.Unlock()
		c.computations.Add(1)
		v, err := compute()
		c.mu.Lock()
		if err == nil {
			c.version, c.value = version, v
		}
		c.running = nil
		close(done)
		c.mu.Unlock()
		return v, err
	}
}

// overviewMaxAge bounds how long the overview is served without being computed again: the
// changes store.OverviewVersion cannot see (another portal process's client deleted, or its
// change committed after a later one with an earlier updated_at) show within it.
const overviewMaxAge = time.Minute

// AdminOverview gathers the dashboard: totals, projects by status, alerts and delays. It is
// the same for every admin, so it is computed again only when the day or the data it reads
// changed (store.OverviewVersion), or it is older than overviewMaxAge, once for all the admins
// asking at that moment.
func (s *Service) AdminOverview(ctx context.Context, a Actor) (Overview, error) {
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return Overview{}, err
	}
	today := s.today()
	version, err := s.db.OverviewVersion(ctx)
	if err != nil {
		return Overview{}, err
	}
	age := s.now().Truncate(overviewMaxAge).Unix()
	return s.overview.get(ctx, fmt.Sprintf("%s/%d/%s", today.Format(time.DateOnly), age, version),
		func() (Overview, error) { return s.computeOverview(ctx, today) })
}

func (s *Service) computeOverview(ctx context.Context, today time.Time) (Overview, error) {
	var o Overview
	var err error
	if o.Overview, err = s.db.Overview(ctx, today); err != nil {
		return o, err
	}
	if o.OverdueMilestones, err = s.db.OverdueMilestones(ctx, today, 0, 10); err != nil {
		return o, err
	}
	late, _, err := s.db.ListProjects(ctx, store.ProjectFilter{Late: true, Today: today, Limit: 10})
	for _, p := range late {
		o.LateProjects = append(o.LateProjects, s.summarize(p, today))
	}
	return o, err
}
