package server

import (
	"time"

	"github.com/bigdatacenter/portal/app/portal"
)

// The API's JSON shapes: built from domain values, so that a new column never leaks by itself.

type userView struct {
	ID                int64      `json:"id"`
	Email             string     `json:"email"`
	Name              string     `json:"name"`
	Role              string     `json:"role"`
	ClientID          *int64     `json:"client_id"`
	ClientName        *string    `json:"client_name"`
	Language          string     `json:"language"`
	TOTPEnabled       bool       `json:"totp_enabled"`
	Disabled          bool       `json:"disabled"`
	PasswordSet       bool       `json:"password_set"`
	LastLoginAt       *time.Time `json:"last_login_at"`
	CreatedAt         time.Time  `json:"created_at"`
	OpenSessions      *int       `json:"open_sessions,omitempty"`
	InvitationPending *bool      `json:"invitation_pending,omitempty"`
}

func viewUser(u portal.User) userView {
	v := userView{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Language: u.Language, TOTPEnabled: u.TOTPEnabledAt != nil,
		Disabled: u.DisabledAt != nil, PasswordSet: u.PasswordHash != "", LastLoginAt: u.LastLoginAt, CreatedAt: u.CreatedAt}
	if u.ClientID != 0 {
		id, name := u.ClientID, u.ClientName
		v.ClientID, v.ClientName = &id, &name
	}
	return v
}

func viewUserDetail(d portal.UserDetail) userView {
	v := viewUser(d.User)
	v.OpenSessions, v.InvitationPending = &d.OpenSessions, &d.InvitationPending
	return v
}

// clientView is a client as an admin edits it (the fields of portal.ClientInput, the same JSON
// names), with what the portal keeps about it.
type clientView struct {
	ID int64 `json:"id"`
	portal.ClientInput
	Archived   bool       `json:"archived"`
	ArchivedAt *time.Time `json:"archived_at"`
	UserCount  int        `json:"user_count"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

func viewClient(c portal.Client) clientView {
	return clientView{ID: c.ID, ClientInput: portal.ClientInput{Name: c.Name, ContactName: c.ContactName, ContactEmail: c.ContactEmail,
		Phone: c.Phone, Address: c.Address, Notes: c.Notes}, Archived: c.ArchivedAt != nil, ArchivedAt: c.ArchivedAt, UserCount: c.UserCount,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

// pageView is the envelope of every paginated list.
type pageView[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

func mapSlice[A, B any](in []A, f func(A) B) []B {
	out := make([]B, 0, len(in))
	for _, a := range in {
		out = append(out, f(a))
	}
	return out
}

// day writes a calendar day as "YYYY-MM-DD" (null when unset).
func day(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format("2006-01-02")
	return &s
}

type progressView struct {
	Percent int `json:"percent"`
	Done    int `json:"done"`
	Total   int `json:"total"`
}

type nextMilestoneView struct {
	Title   string  `json:"title"`
	DueDate *string `json:"due_date"`
}

type projectView struct {
	ID            int64              `json:"id"`
	ClientID      int64              `json:"client_id"`
	ClientName    string             `json:"client_name"`
	Name          string             `json:"name"`
	Description   string             `json:"description"`
	StartDate     *string            `json:"start_date"`
	Deadline      *string            `json:"deadline"`
	Status        string             `json:"status"`
	ManagerID     *int64             `json:"manager_id"`
	ManagerName   string             `json:"manager_name"`
	Progress      progressView       `json:"progress"`
	Schedule      string             `json:"schedule"`
	HasOverdue    bool               `json:"has_overdue"`
	IsLate        bool               `json:"is_late"`
	NextMilestone *nextMilestoneView `json:"next_milestone"`
	// UnreadMessages is filled in lists (the dashboard); 0 on the project page, which reads them.
	UnreadMessages int `json:"unread_messages"`
	// The project's retours not closed; of them, the new ones and those awaiting the client.
	RetoursOpen     int       `json:"retours_open"`
	RetoursNew      int       `json:"retours_new"`
	RetoursResolved int       `json:"retours_resolved"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

func viewProject(p portal.ProjectSummary) projectView {
	v := projectView{ID: p.ID, ClientID: p.ClientID, ClientName: p.ClientName, Name: p.Name, Description: p.Description,
		StartDate: day(p.StartDate), Deadline: day(p.Deadline), Status: p.Status, ManagerName: p.ManagerName,
		Progress: progressView(p.Progress), Schedule: string(p.Schedule), HasOverdue: p.HasOverdue, IsLate: p.IsLate, UnreadMessages: p.UnreadMessages,
		RetoursOpen: p.RetoursOpen, RetoursNew: p.RetoursNew, RetoursResolved: p.RetoursResolved, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	if p.ManagerID != 0 {
		id := p.ManagerID
		v.ManagerID = &id
	}
	if p.NextMilestone != "" {
		v.NextMilestone = &nextMilestoneView{Title: p.NextMilestone, DueDate: day(p.NextMilestoneDue)}
	}
	return v
}

type milestoneView struct {
	ID          int64      `json:"id"`
	Position    int        `json:"position"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	DueDate     *string    `json:"due_date"`
	Weight      int        `json:"weight"`
	State       string     `json:"state"`
	Overdue     bool       `json:"overdue"`
	DeliveredAt *time.Time `json:"delivered_at"`
	DeliveredBy string     `json:"delivered_by"`
	ValidatedAt *time.Time `json:"validated_at"`
	ValidatedBy string     `json:"validated_by"`
	// The reader's task counts: a client's count the visible tasks only.
	TasksDone  int `json:"tasks_done"`
	TasksTotal int `json:"tasks_total"`
}

type eventView struct {
	Kind        string    `json:"kind"` // delivered, validated, reopened, task_done
	At          time.Time `json:"at"`
	By          string    `json:"by"`
	MilestoneID int64     `json:"milestone_id"`
	TaskID      *int64    `json:"task_id"`
	Title       string    `json:"title"`
}

// shareView is one line of « pourquoi N % »: what a step adds to the percentage.
type shareView struct {
	MilestoneID int64   `json:"milestone_id"`
	Title       string  `json:"title"`
	State       string  `json:"state"`
	Weight      int     `json:"weight"`
	Counted     int     `json:"counted"`
	Points      float64 `json:"points"`
}

type projectDetailView struct {
	projectView
	Milestones  []milestoneView `json:"milestones"`
	History     []eventView     `json:"history"`
	WeightTotal int             `json:"weight_total"`
	Shares      []shareView     `json:"shares"`
}

func viewProjectDetail(d portal.ProjectDetail) projectDetailView {
	v := projectDetailView{projectView: viewProject(d.ProjectSummary)}
	v.Milestones = mapSlice(d.Milestones, func(m portal.MilestoneView) milestoneView {
		return milestoneView{ID: m.ID, Position: m.Position, Title: m.Title, Description: m.Description, DueDate: day(m.DueDate),
			Weight: m.Weight, State: m.State, Overdue: m.Overdue, DeliveredAt: m.DeliveredAt, DeliveredBy: m.DeliveredBy,
			ValidatedAt: m.ValidatedAt, ValidatedBy: m.ValidatedBy, TasksDone: m.ShownDone, TasksTotal: m.ShownTotal}
	})
	v.History = mapSlice(d.History, func(e portal.MilestoneEvent) eventView {
		ev := eventView{Kind: e.Kind, At: e.At, By: e.ByName, MilestoneID: e.MilestoneID, Title: e.Title}
		if e.TaskID != 0 {
			id := e.TaskID
			ev.TaskID = &id
		}
		return ev
	})
	v.WeightTotal = d.WeightTotal
	v.Shares = mapSlice(d.Shares, func(sh portal.StepShare) shareView { return shareView(sh) })
	return v
}

type overdueView struct {
	MilestoneID int64   `json:"milestone_id"`
	Title       string  `json:"title"`
	DueDate     *string `json:"due_date"`
	ProjectID   int64   `json:"project_id"`
	ProjectName string  `json:"project_name"`
	ClientID    int64   `json:"client_id"`
	ClientName  string  `json:"client_name"`
}

type overviewView struct {
	ActiveClients     int            `json:"active_clients"`
	ProjectsByStatus  map[string]int `json:"projects_by_status"`
	LateProjects      int            `json:"late_projects"`
	ProjectsAtRisk    int            `json:"projects_at_risk"`
	OverdueMilestones int            `json:"overdue_milestones"`
	RetoursOpen       int            `json:"retours_open"`
	RetoursNew        int            `json:"retours_new"`
	RetoursResolved   int            `json:"retours_resolved"`
	OverdueList       []overdueView  `json:"overdue_list"`
	LateList          []projectView  `json:"late_list"`
}

func viewOverview(o portal.Overview) overviewView {
	return overviewView{ActiveClients: o.ActiveClients, ProjectsByStatus: o.ProjectsByStatus, LateProjects: o.Overview.LateProjects,
		ProjectsAtRisk: o.ProjectsAtRisk, OverdueMilestones: o.Overview.OverdueMilestones,
		RetoursOpen: o.Retours.Open, RetoursNew: o.Retours.New, RetoursResolved: o.Retours.Resolved,
		OverdueList: mapSlice(o.OverdueMilestones, func(m portal.OverdueMilestone) overdueView {
			return overdueView{MilestoneID: m.ID, Title: m.Title, DueDate: day(m.DueDate), ProjectID: m.ProjectID,
				ProjectName: m.ProjectName, ClientID: m.ClientID, ClientName: m.ClientName}
		}),
		LateList: mapSlice(o.LateProjects, viewProject),
	}
}
