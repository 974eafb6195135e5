package server

import (
	"context"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
)

type decisionView struct {
	Decision string    `json:"decision"`
	Comment  string    `json:"comment"`
	SHA256   string    `json:"sha256"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
}

type versionView struct {
	ID          int64          `json:"id"`
	Number      int            `json:"number"`
	FileName    string         `json:"file_name"`
	ContentType string         `json:"content_type"`
	Size        int64          `json:"size"`
	SHA256      string         `json:"sha256"`
	Note        string         `json:"note"`
	Status      string         `json:"status"`
	UploadedBy  string         `json:"uploaded_by"`
	UploadedAt  time.Time      `json:"uploaded_at"`
	DecidedAt   *time.Time     `json:"decided_at"`
	Decisions   []decisionView `json:"decisions"`
}

type deliverableView struct {
	ID             int64         `json:"id"`
	ProjectID      int64         `json:"project_id"`
	MilestoneID    *int64        `json:"milestone_id"`
	MilestoneTitle string        `json:"milestone_title"`
	Title          string        `json:"title"`
	LatestVersion  int           `json:"latest_version"`
	UpdatedAt      time.Time     `json:"updated_at"`
	Versions       []versionView `json:"versions"`
}

func viewVersion(v portal.Version, decisions []portal.Decision) versionView {
	return versionView{ID: v.ID, Number: v.Number, FileName: v.FileName, ContentType: v.ContentType, Size: v.Size, SHA256: v.SHA256,
		Note: v.Note, Status: v.Status, UploadedBy: v.UploadedBy, UploadedAt: v.UploadedAt, DecidedAt: v.DecidedAt,
		Decisions: mapSlice(decisions, func(d portal.Decision) decisionView {
			return decisionView{Decision: d.Decision, Comment: d.Comment, SHA256: d.SHA256, By: d.ByName, At: d.At}
		})}
}

func viewDeliverable(d portal.DeliverableView) deliverableView {
	v := deliverableView{ID: d.ID, ProjectID: d.ProjectID, MilestoneTitle: d.MilestoneTitle, Title: d.Title, LatestVersion: d.LatestVersion,
		UpdatedAt: d.UpdatedAt, Versions: mapSlice(d.Versions, func(x portal.Version) versionView { return viewVersion(x, d.Decisions[x.ID]) })}
	if d.MilestoneID != 0 {
		id := d.MilestoneID
		v.MilestoneID = &id
	}
	return v
}

type latestView struct {
	versionView
	DeliverableID    int64  `json:"deliverable_id"`
	DeliverableTitle string `json:"deliverable_title"`
	ProjectID        int64  `json:"project_id"`
	ProjectName      string `json:"project_name"`
	ClientName       string `json:"client_name"`
	// WaitingSeconds is how long the version has been waiting for a decision.
	WaitingSeconds int64 `json:"waiting_seconds"`
}

func (s *Server) listDeliverables(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, byID(s.svc.ProjectDeliverables), func(ds []portal.DeliverableView) fiber.Map { return fiber.Map{"items": mapSlice(ds, viewDeliverable)} })
}

// uploadDeliverable stores a new deliverable of project :id.
func (s *Server) uploadDeliverable(c *fiber.Ctx) error { return s.upload(c, false) }

// uploadVersion stores a new version of deliverable :id.
func (s *Server) uploadVersion(c *fiber.Ctx) error { return s.upload(c, true) }

func (s *Server) upload(c *fiber.Ctx, newVersion bool) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in := uploadInput(c)
	in.Title, in.Note, in.MilestoneID = c.Query("title"), c.Query("note"), int64(c.QueryInt("milestone_id", 0))
	if newVersion {
		in.DeliverableID = id
	} else {
		in.ProjectID = id
	}
	// An upload may take long: its own deadline is the body's, not the request timeout.
	d, err := s.svc.Upload(c.UserContext(), actor(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(viewDeliverable(d))
}

// uploadInput reads a file sent as the raw request body (no multipart: the body streams
// straight to disk and the browser reports progress); its name comes percent-encoded in
// X-File-Name.
func uploadInput(c *fiber.Ctx) portal.UploadInput {
	name, err := url.PathUnescape(c.Get("X-File-Name"))
	if err != nil {
		name = c.Get("X-File-Name")
	}
	in := portal.UploadInput{FileName: name, DeclaredSize: int64(c.Request().Header.ContentLength()), Body: c.Context().RequestBodyStream()}
	if in.DeclaredSize < 0 {
		in.DeclaredSize = -1
	}
	return in
}

func (s *Server) download(c *fiber.Ctx) error {
	return serve(c, s, true, func(ctx context.Context, a portal.Actor, id int64, _ none) (portal.VersionFile, error) {
		v, err := s.svc.OpenVersion(ctx, a, id)
		// A resumed download is the same download: record only those that start at the beginning.
		if r := c.Get(fiber.HeaderRange); err == nil && (r == "" || r == "bytes=0-") {
			s.svc.RecordDownload(ctx, a, v.Version)
		}
		return v, err
	}, func(v portal.VersionFile) error {
		return sendFile(c, v.File, v.Size, v.SHA256, v.FileName, v.ContentType, c.QueryBool("inline", false))
	})
}

type decisionInput struct {
	Decision string `json:"decision"`
	Comment  string `json:"comment"`
}

func (s *Server) decide(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, func(ctx context.Context, a portal.Actor, id int64, in decisionInput) (portal.DeliverableView, error) {
		return s.svc.Decide(ctx, a, id, in.Decision, in.Comment)
	}, viewDeliverable)
}

func (s *Server) deleteVersion(c *fiber.Ctx) error {
	return noContentByID(c, s, s.svc.DeleteVersion)
}

func (s *Server) latestVersions(c *fiber.Ctx) error { return s.versions(c, false) }

func (s *Server) pendingVersions(c *fiber.Ctx) error { return s.versions(c, true) }

func (s *Server) versions(c *fiber.Ctx, pending bool) error {
	return handle(c, s, fiber.StatusOK, false, func(ctx context.Context, a portal.Actor, _ int64, _ none) ([]portal.VersionWithContext, error) {
		return s.svc.LatestVersions(ctx, a, pending, c.QueryInt("limit", 10))
	}, func(vs []portal.VersionWithContext) fiber.Map { return fiber.Map{"items": viewLatest(vs, time.Now())} })
}

func viewLatest(vs []portal.VersionWithContext, now time.Time) []latestView {
	return mapSlice(vs, func(v portal.VersionWithContext) latestView {
		lv := latestView{versionView: viewVersion(v.Version, nil), DeliverableID: v.DeliverableID, DeliverableTitle: v.DeliverableTitle,
			ProjectID: v.ProjectID, ProjectName: v.ProjectName, ClientName: v.ClientName}
		if v.Status == portal.VersionPending {
			lv.WaitingSeconds = int64(now.Sub(v.UploadedAt).Seconds())
		}
		return lv
	})
}

func (s *Server) versionDownloads(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, byID(s.svc.VersionDownloads), func(rows []portal.AuditEntry) fiber.Map {
		return fiber.Map{"items": mapSlice(rows, func(e portal.AuditEntry) fiber.Map {
			return fiber.Map{"at": e.At, "user": e.ActorEmail, "role": e.ActorRole, "ip": e.IP}
		})}
	})
}
