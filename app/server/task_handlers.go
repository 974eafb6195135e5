package server

import (
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/ical"
	"github.com/bigdatacenter/portal/app/portal"
)

type taskView struct {
	ID             int64      `json:"id"`
	ProjectID      int64      `json:"project_id"`
	MilestoneID    int64      `json:"milestone_id"`
	MilestoneTitle string     `json:"milestone_title"`
	Position       int        `json:"position"`
	Title          string     `json:"title"`
	Description    string     `json:"description"`
	Status         string     `json:"status"`
	AssigneeID     *int64     `json:"assignee_id"`
	AssigneeName   string     `json:"assignee_name"`
	DueDate        *string    `json:"due_date"`
	Visibility     string     `json:"visibility"`
	RetourID       *int64     `json:"retour_id"`
	RetourTitle    string     `json:"retour_title"`
	DoneAt         *time.Time `json:"done_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

func viewTask(t portal.Task) taskView {
	v := taskView{ID: t.ID, ProjectID: t.ProjectID, MilestoneID: t.MilestoneID, MilestoneTitle: t.MilestoneTitle, Position: t.Position,
		Title: t.Title, Description: t.Description, Status: t.Status, AssigneeName: t.AssigneeName, DueDate: day(t.DueDate),
		Visibility: portal.VisibleToClient, RetourID: optID(t.RetourID), RetourTitle: t.RetourTitle, DoneAt: t.DoneAt, UpdatedAt: t.UpdatedAt}
	if !t.Visible {
		v.Visibility = portal.Internal
	}
	if t.AssigneeID != 0 {
		id := t.AssigneeID
		v.AssigneeID = &id
	}
	return v
}

func (s *Server) listTasks(c *fiber.Ctx) error {
	return listed(c, s, true, func(ctx context.Context, a portal.Actor, id int64, p portal.Page) (portal.TaskList, error) {
		return s.svc.ListTasks(ctx, a, id, portal.TaskQuery{MilestoneID: int64(c.QueryInt("milestone_id", 0)), Status: c.Query("status"), Page: p})
	}, viewTask)
}

func (s *Server) getTask(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, byID(s.svc.GetTask), viewTask)
}

func (s *Server) addTask(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusCreated, true, s.svc.AddTask, viewTask)
}

type taskItems struct {
	Items []taskView `json:"items"`
}

func viewTasks(ts []portal.Task) taskItems { return taskItems{Items: mapSlice(ts, viewTask)} }

func (s *Server) pasteTasks(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusCreated, true, s.svc.AddPastedTasks, viewTasks)
}

func (s *Server) reorderTasks(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, bodyValue("ids", s.svc.ReorderTasks), func(l portal.TaskList) taskItems { return viewTasks(l.Items) })
}

func (s *Server) updateTask(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, s.svc.UpdateTask, viewTask)
}

func (s *Server) setTaskStatus(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, bodyValue("status", s.svc.SetTaskStatus), viewTask)
}

func (s *Server) moveTask(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, s.svc.MoveTask, viewTask)
}

func (s *Server) deleteTask(c *fiber.Ctx) error {
	return noContentByID(c, s, s.svc.DeleteTask)
}

type calendarView struct {
	Enabled    bool       `json:"enabled"`
	CreatedAt  *time.Time `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	// URL is sent once, when the feed is turned on or renewed: only its hash is kept.
	URL string `json:"url,omitempty"`
}

func viewCalendar(i portal.CalendarInfo) calendarView {
	return calendarView{Enabled: i.Enabled, CreatedAt: i.CreatedAt, LastUsedAt: i.LastUsedAt, URL: i.URL}
}

func (s *Server) calendarStatus(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, ofActor(s.svc.CalendarStatus), viewCalendar)
}

func (s *Server) enableCalendar(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusCreated, false, ofActor(s.svc.EnableCalendar), viewCalendar)
}

func (s *Server) disableCalendar(c *fiber.Ctx) error {
	return noContent(c, s, false, func(ctx context.Context, a portal.Actor, _ int64, _ none) error {
		return s.svc.DisableCalendar(ctx, a)
	})
}

// calendarPrefix is the path of the feeds; the rest of the path is the secret, which the logs
// never show (redactPath).
const calendarPrefix = "/api/v1/calendar/"

// calendarFeed answers a calendar program: no session, the secret in the URL grants this feed.
func (s *Server) calendarFeed(c *fiber.Ctx) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	body, err := s.svc.CalendarFeed(ctx, c.Params("token"), c.IP())
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, ical.ContentType)
	c.Set(fiber.HeaderContentDisposition, `inline; filename="echeances.ics"`)
	return c.Send(body)
}

// redactPath is the request path as logs show it: without the secret of a calendar feed.
func redactPath(p string) string {
	if strings.HasPrefix(p, calendarPrefix) {
		return calendarPrefix + "…"
	}
	return p
}
