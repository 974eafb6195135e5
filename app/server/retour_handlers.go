package server

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
)

type retourVersionView struct {
	ID          int64  `json:"id"`
	Deliverable string `json:"deliverable"`
	Number      int    `json:"number"`
}

type retourView struct {
	ID             int64              `json:"id"`
	ProjectID      int64              `json:"project_id"`
	ProjectName    string             `json:"project_name"`
	ClientID       int64              `json:"client_id"`
	ClientName     string             `json:"client_name"`
	MilestoneID    *int64             `json:"milestone_id"`
	MilestoneTitle string             `json:"milestone_title"`
	Version        *retourVersionView `json:"version"`
	TaskID         *int64             `json:"task_id"`
	TaskTitle      string             `json:"task_title"`
	Kind           string             `json:"kind"`
	Priority       string             `json:"priority"`
	Status         string             `json:"status"`
	Title          string             `json:"title"`
	Description    string             `json:"description"`
	OpenedBy       string             `json:"opened_by"`
	OpenedRole     string             `json:"opened_role"`
	AssigneeID     *int64             `json:"assignee_id"`
	AssigneeName   string             `json:"assignee_name"`
	Resolution     string             `json:"resolution"`
	// ResolvedVersion is the version the resolution points at, to download.
	ResolvedVersion *retourVersionView `json:"resolved_version"`
	CreatedAt       time.Time          `json:"created_at"`
	UpdatedAt       time.Time          `json:"updated_at"`
	ResolvedAt      *time.Time         `json:"resolved_at"`
	ClosedAt        *time.Time         `json:"closed_at"`
	ReopenCount     int                `json:"reopen_count"`
	Attachments     []attachmentView   `json:"attachments"`
	// Unread is how many messages of its thread the reader has not seen (lists only).
	Unread int `json:"unread"`
}

type retourEventView struct {
	From      string    `json:"from"`
	To        string    `json:"to"`
	At        time.Time `json:"at"`
	By        string    `json:"by"`
	ByRole    string    `json:"by_role"`
	Comment   string    `json:"comment"`
	VersionID *int64    `json:"version_id"`
}

type retourDetailView struct {
	retourView
	History []retourEventView `json:"history"`
	// Moves are the states the reader may move the retour to now.
	Moves []string `json:"moves"`
	// Tasks are the tasks that answer it (for a client, the visible ones).
	Tasks []taskView `json:"tasks"`
}

func optID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func viewRetour(r portal.Retour) retourView {
	v := retourView{ID: r.ID, ProjectID: r.ProjectID, ProjectName: r.ProjectName, ClientID: r.ClientID, ClientName: r.ClientName,
		MilestoneID: optID(r.MilestoneID), MilestoneTitle: r.MilestoneTitle, TaskID: optID(r.TaskID), TaskTitle: r.TaskTitle, Kind: r.Kind, Priority: r.Priority,
		Status: r.Status, Title: r.Title, Description: r.Description, OpenedBy: r.OpenedName, OpenedRole: r.OpenedRole,
		AssigneeID: optID(r.AssigneeID), AssigneeName: r.AssigneeName, Resolution: r.Resolution, CreatedAt: r.CreatedAt,
		UpdatedAt: r.UpdatedAt, ResolvedAt: r.ResolvedAt, ClosedAt: r.ClosedAt, ReopenCount: r.ReopenCount,
		Attachments: mapSlice(r.Attachments, viewAttachment), Unread: r.Unread}
	if r.VersionID != 0 {
		v.Version = &retourVersionView{ID: r.VersionID, Deliverable: r.VersionDeliverable, Number: r.VersionNumber}
	}
	if r.ResolvedVersionID != 0 {
		v.ResolvedVersion = &retourVersionView{ID: r.ResolvedVersionID, Deliverable: r.ResolvedDeliverable, Number: r.ResolvedNumber}
	}
	return v
}

func viewRetourDetail(d portal.RetourDetail) retourDetailView {
	moves := d.Moves
	if moves == nil {
		moves = []string{}
	}
	return retourDetailView{retourView: viewRetour(d.Retour), Moves: moves, Tasks: mapSlice(d.Tasks, viewTask),
		History: mapSlice(d.Events, func(e portal.RetourEvent) retourEventView {
			return retourEventView{From: e.From, To: e.To, At: e.At, By: e.ByName, ByRole: e.ByRole, Comment: e.Comment, VersionID: optID(e.VersionID)}
		})}
}

// retourQuery reads a list's filters; projectID is the route's project (0: across projects).
func retourQuery(c *fiber.Ctx, projectID int64) portal.RetourQuery {
	q := portal.RetourQuery{ClientID: int64(c.QueryInt("client_id", 0)), ProjectID: int64(c.QueryInt("project_id", 0)),
		MilestoneID: int64(c.QueryInt("milestone_id", 0)), AssigneeID: int64(c.QueryInt("assignee_id", 0)),
		Status: c.Query("status"), Kind: c.Query("kind"), Priority: c.Query("priority"), Sort: c.Query("sort"),
		MinAgeDays: c.QueryInt("age", 0), Page: pageParams(c)}
	if projectID != 0 {
		q.ProjectID = projectID
	}
	return q
}

// listRetours answers a page of retours: the project's of the route (:id) when withID, else
// those of every project the actor may see.
func (s *Server) listRetours(c *fiber.Ctx, withID bool) error {
	return listed(c, s, withID, func(ctx context.Context, a portal.Actor, projectID int64, _ portal.Page) (portal.RetourList, error) {
		return s.svc.ListRetours(ctx, a, retourQuery(c, projectID))
	}, viewRetour)
}

func (s *Server) listProjectRetours(c *fiber.Ctx) error { return s.listRetours(c, true) }

func (s *Server) listAllRetours(c *fiber.Ctx) error { return s.listRetours(c, false) }

func (s *Server) exportRetours(c *fiber.Ctx, projectID int64) error {
	name := "retours"
	if projectID != 0 {
		name = fmt.Sprintf("retours-projet-%d", projectID)
	}
	return sendCSV(c, s, name, func(ctx context.Context, a portal.Actor, w io.Writer) error {
		return s.svc.ExportRetours(ctx, a, retourQuery(c, projectID), w)
	})
}

func (s *Server) exportProjectRetours(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	return s.exportRetours(c, id)
}

func (s *Server) exportAllRetours(c *fiber.Ctx) error { return s.exportRetours(c, 0) }

func (s *Server) openRetour(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusCreated, true, s.svc.OpenRetour, viewRetourDetail)
}

func (s *Server) getRetour(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, byID(s.svc.GetRetour), viewRetourDetail)
}

func (s *Server) moveRetour(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, s.svc.MoveRetour, viewRetourDetail)
}

func (s *Server) triageRetour(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, s.svc.TriageRetour, viewRetourDetail)
}

func (s *Server) listRetourMessages(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	t, err := s.svc.ListRetourMessages(ctx, actor(c), id, int64(c.QueryInt("before", 0)), c.QueryInt("limit", 50))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": mapSlice(t.Messages, viewMessage), "last_read": t.LastRead, "has_more": t.HasMore})
}

func (s *Server) postRetourMessage(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusCreated, true, func(ctx context.Context, a portal.Actor, id int64, in postInput) (portal.Message, error) {
		return s.svc.PostRetourMessage(ctx, a, id, portal.MessageInput{Body: in.Body, AttachmentIDs: in.AttachmentIDs, Internal: in.Internal})
	}, viewMessage)
}

func (s *Server) retourCounts(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, ofActor(s.svc.RetourCounts), func(n portal.RetourCounts) fiber.Map {
		return fiber.Map{"open": n.Open, "new": n.New, "resolved": n.Resolved}
	})
}
